/* Embeds the bundled model files in the executable's read-only data.
 * The assembler finds each file through this target's include path; a file that is absent
 * at build time is simply not bundled. After replacing a model file, touch this file: the
 * build does not track it. */
#include "ign_bundled_model.h"

#define IGN_EMBED(symbol, file)                                                   \
    __asm__(".section .rodata\n"                                                  \
            ".balign 64\n"                                                        \
            #symbol "_start:\n"                                                   \
            ".incbin \"" file "\"\n"                                              \
            #symbol "_end:\n"                                                     \
            ".previous\n");                                                       \
    extern const unsigned char symbol##_start[] __asm__(#symbol "_start");        \
    extern const unsigned char symbol##_end[] __asm__(#symbol "_end");

#if __has_include("fashion-mnist.safetensors")
IGN_EMBED(ign_model_fashion_mnist, "fashion-mnist.safetensors")
#endif
#if __has_include("emoji.safetensors")
IGN_EMBED(ign_model_emoji, "emoji.safetensors")
#endif

static const ign_bundled_model models[] = {
#if __has_include("fashion-mnist.safetensors")
    {"fashion-mnist", ign_model_fashion_mnist_start, 0},
#endif
#if __has_include("emoji.safetensors")
    {"emoji", ign_model_emoji_start, 0},
#endif
    {0, 0, 0}
};

static size_t model_size(size_t index) {
#if __has_include("fashion-mnist.safetensors")
    if (index == 0) return (size_t)(ign_model_fashion_mnist_end - ign_model_fashion_mnist_start);
    index -= 1;
#endif
#if __has_include("emoji.safetensors")
    if (index == 0) return (size_t)(ign_model_emoji_end - ign_model_emoji_start);
#endif
    return 0;
}

size_t ign_bundled_model_count(void) { return sizeof models / sizeof models[0] - 1; }

ign_bundled_model ign_bundled_model_at(size_t index) {
    ign_bundled_model model = {0, 0, 0};
    if (index >= ign_bundled_model_count()) return model;
    model = models[index];
    model.size = model_size(index);
    return model;
}
