// A measured try of oneDNN for ign's inference path (issue 4 asked for one): the 28×28
// reference layout (batch norm folded, activations as fused post-ops, weights and
// activations in whatever blocked formats oneDNN prefers, no reorders in the timed loop).
//
//   apt-get install libdnnl-dev
//   gcc -O2 Tools/onednn-probe.c -o /tmp/onednn-probe -ldnnl
//   OMP_NUM_THREADS=2 /tmp/onednn-probe 1 -200     # batch 1, 200 runs, prints the kernels
//   OMP_NUM_THREADS=2 /tmp/onednn-probe 256 9      # batch 256, 9 runs
//
// Result (BENCHMARKS.md): slower than ign's own engine here, so ign does not use it.
// oneDNN fp32 inference of the mnist28 IGN reference (conv->BN folded->act), batch 1 and 256.
#include <dnnl.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#define CHECK(x) do { dnnl_status_t s = (x); if (s != dnnl_success) { printf("fail %d at %s:%d\n", s, __FILE__, __LINE__); exit(1);} } while(0)
typedef struct { int deconv, ic, oc, k, s, p; dnnl_alg_kind_t act; float alpha; } L;
static double now(){ struct timespec t; clock_gettime(CLOCK_MONOTONIC,&t); return t.tv_sec+t.tv_nsec*1e-9; }
int cmp(const void*a,const void*b){ double x=*(double*)a,y=*(double*)b; return x<y?-1:x>y; }
int main(int argc, char** argv) {
  L net[] = {
    {0,1,64,4,2,1,dnnl_eltwise_relu,0.2f},{0,64,128,4,2,1,dnnl_eltwise_relu,0.2f},{0,128,256,3,1,0,dnnl_eltwise_relu,0.2f},
    {0,256,512,3,1,0,dnnl_eltwise_relu,0.2f},{0,512,512,3,1,0,dnnl_alg_kind_undef,0},
    {1,512,256,3,1,0,dnnl_eltwise_relu,0},{1,256,128,3,1,0,dnnl_eltwise_relu,0},{1,128,64,3,1,0,dnnl_eltwise_relu,0},
    {1,64,32,4,2,1,dnnl_eltwise_relu,0},{1,32,1,4,2,1,dnnl_eltwise_tanh,0}};
  int n = 10;
  int batch = atoi(argv[1]); int reps = atoi(argv[2]);
  dnnl_engine_t eng; CHECK(dnnl_engine_create(&eng, dnnl_cpu, 0));
  dnnl_stream_t st; CHECK(dnnl_stream_create(&st, eng, dnnl_stream_default_flags));
  dnnl_primitive_t prims[10]; dnnl_memory_t mem[11], wm[10], bm[10];
  int h = 28;
  dnnl_dims_t sd = {batch, 1, 28, 28};
  dnnl_memory_desc_t in_md; CHECK(dnnl_memory_desc_init_by_tag(&in_md, 4, sd, dnnl_f32, dnnl_nchw));
  CHECK(dnnl_memory_create(&mem[0], &in_md, eng, DNNL_MEMORY_ALLOCATE));
  const dnnl_memory_desc_t *prev = &in_md;
  dnnl_memory_desc_t prevcopy = in_md;
  for (int i = 0; i < n; i++) {
    L l = net[i];
    int oh = l.deconv ? (h-1)*l.s - 2*l.p + l.k : (h + 2*l.p - l.k)/l.s + 1;
    dnnl_dims_t wd; int wn = 4;
    if (l.deconv) { wd[0]=l.oc; wd[1]=l.ic; wd[2]=l.k; wd[3]=l.k; } else { wd[0]=l.oc; wd[1]=l.ic; wd[2]=l.k; wd[3]=l.k; }
    dnnl_dims_t bd = {l.oc}, dd = {batch, l.oc, oh, oh}, strides = {l.s, l.s}, pad = {l.p, l.p};
    dnnl_memory_desc_t w_md, b_md, d_md;
    CHECK(dnnl_memory_desc_init_by_tag(&w_md, wn, wd, dnnl_f32, dnnl_format_tag_any));
    CHECK(dnnl_memory_desc_init_by_tag(&b_md, 1, bd, dnnl_f32, dnnl_x));
    CHECK(dnnl_memory_desc_init_by_tag(&d_md, 4, dd, dnnl_f32, dnnl_format_tag_any));
    dnnl_primitive_attr_t attr; CHECK(dnnl_primitive_attr_create(&attr));
    if (l.act != dnnl_alg_kind_undef) {
      dnnl_post_ops_t po; CHECK(dnnl_post_ops_create(&po));
      CHECK(dnnl_post_ops_append_eltwise(po, 1.f, l.act, l.alpha, 0.f));
      CHECK(dnnl_primitive_attr_set_post_ops(attr, po));
    }
    dnnl_primitive_desc_t pd;
    if (l.deconv) {
      dnnl_deconvolution_desc_t d;
      CHECK(dnnl_deconvolution_forward_desc_init(&d, dnnl_forward_inference, dnnl_deconvolution_direct, &prevcopy, &w_md, &b_md, &d_md, strides, pad, pad));
      CHECK(dnnl_primitive_desc_create(&pd, &d, attr, eng, NULL));
    } else {
      dnnl_convolution_desc_t d;
      CHECK(dnnl_convolution_forward_desc_init(&d, dnnl_forward_inference, dnnl_convolution_direct, &prevcopy, &w_md, &b_md, &d_md, strides, pad, pad));
      CHECK(dnnl_primitive_desc_create(&pd, &d, attr, eng, NULL));
    }
    const dnnl_memory_desc_t *qs = dnnl_primitive_desc_query_md(pd, dnnl_query_src_md, 0);
    if (!dnnl_memory_desc_equal(qs, &prevcopy)) { printf("layer %d wants another src format\n", i); }
    const dnnl_memory_desc_t *qw = dnnl_primitive_desc_query_md(pd, dnnl_query_weights_md, 0);
    const dnnl_memory_desc_t *qd = dnnl_primitive_desc_query_md(pd, dnnl_query_dst_md, 0);
    CHECK(dnnl_memory_create(&wm[i], qw, eng, DNNL_MEMORY_ALLOCATE));
    CHECK(dnnl_memory_create(&bm[i], &b_md, eng, DNNL_MEMORY_ALLOCATE));
    CHECK(dnnl_memory_create(&mem[i+1], qd, eng, DNNL_MEMORY_ALLOCATE));
    void *p; dnnl_memory_get_data_handle(wm[i], &p); size_t sz = dnnl_memory_desc_get_size(qw); for (size_t j=0;j<sz/4;j++) ((float*)p)[j] = (rand()%100-50)*1e-3f;
    dnnl_memory_get_data_handle(bm[i], &p); for (int j=0;j<l.oc;j++) ((float*)p)[j]=0;
    CHECK(dnnl_primitive_create(&prims[i], pd));
    const char* impl; dnnl_primitive_desc_query(pd, dnnl_query_impl_info_str, 0, &impl);
    if (batch == 1 && reps < 0) printf("layer %d: %s\n", i, impl);
    prevcopy = *qd;
    h = oh;
  }
  void *p; dnnl_memory_get_data_handle(mem[0], &p); for (int j=0;j<batch*784;j++) ((float*)p)[j]=(rand()%100)*0.01f;
  if (reps < 0) reps = -reps;
  double times[1000]; 
  for (int r = -3; r < reps; r++) {
    double t0 = now();
    for (int i = 0; i < n; i++) {
      dnnl_exec_arg_t args[4] = {{DNNL_ARG_SRC, mem[i]}, {DNNL_ARG_WEIGHTS, wm[i]}, {DNNL_ARG_BIAS, bm[i]}, {DNNL_ARG_DST, mem[i+1]}};
      CHECK(dnnl_primitive_execute(prims[i], st, 4, args));
    }
    CHECK(dnnl_stream_wait(st));
    if (r >= 0) times[r] = now() - t0;
  }
  qsort(times, reps, sizeof(double), cmp);
  printf("oneDNN batch %d: %.3f ms per forward, %.0f images/s\n", batch, times[reps/2]*1e3, batch/times[reps/2]);
  return 0;
}
