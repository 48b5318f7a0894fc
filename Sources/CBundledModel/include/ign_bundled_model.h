#ifndef IGN_BUNDLED_MODEL_H
#define IGN_BUNDLED_MODEL_H
#include <stddef.h>

/* The default IGN model, embedded in the executable at build time from
 * Sources/CBundledModel/include/fashion-mnist.safetensors when that file exists.
 * ign_bundled_model_size() is 0 in a build without it. */
const unsigned char *ign_bundled_model_bytes(void);
size_t ign_bundled_model_size(void);

#endif
