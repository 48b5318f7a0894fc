/* Embeds the bundled model file in the executable's read-only data.
 * The assembler finds the file through this target's include path.
 * After replacing the model file, touch this file: the build does not track it. */
#include "ign_bundled_model.h"

#if __has_include("fashion-mnist.safetensors")
__asm__(".section .rodata\n"
        ".balign 64\n"
        "ign_bundled_model_start:\n"
        ".incbin \"fashion-mnist.safetensors\"\n"
        "ign_bundled_model_end:\n"
        ".previous\n");
extern const unsigned char ign_bundled_model_start[] __asm__("ign_bundled_model_start");
extern const unsigned char ign_bundled_model_end[] __asm__("ign_bundled_model_end");

const unsigned char *ign_bundled_model_bytes(void) { return ign_bundled_model_start; }
size_t ign_bundled_model_size(void) {
    return (size_t)(ign_bundled_model_end - ign_bundled_model_start);
}
#else
const unsigned char *ign_bundled_model_bytes(void) { return NULL; }
size_t ign_bundled_model_size(void) { return 0; }
#endif
