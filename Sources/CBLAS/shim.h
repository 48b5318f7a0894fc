#include <cblas.h>
/* OpenBLAS extension: set the number of threads its kernels use. */
void openblas_set_num_threads(int num_threads);
int openblas_get_num_threads(void);
/* OpenBLAS extensions: the name of the core whose kernels it runs, and its build options. */
char *openblas_get_corename(void);
char *openblas_get_config(void);
