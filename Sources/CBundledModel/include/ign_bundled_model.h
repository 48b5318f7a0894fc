#ifndef IGN_BUNDLED_MODEL_H
#define IGN_BUNDLED_MODEL_H
#include <stddef.h>

/* The models embedded in the executable at build time, from the files in
 * Sources/CBundledModel/include (fashion-mnist.safetensors, emoji.safetensors) that exist.
 * The first is the default model. */
typedef struct {
    const char *name;            /* e.g. "fashion-mnist" */
    const unsigned char *bytes;  /* the safetensors file */
    size_t size;                 /* its length in bytes */
} ign_bundled_model;

/* How many models are bundled (0 in a build without any). */
size_t ign_bundled_model_count(void);
/* The bundled model at `index` (< ign_bundled_model_count()); all fields 0 otherwise. */
ign_bundled_model ign_bundled_model_at(size_t index);

#endif
