#ifndef IGN_CODECS_H
#define IGN_CODECS_H
/*
 * C shim over libpng and libjpeg-turbo.
 *
 * Every setjmp/longjmp of both libraries lives in this target, in the same C
 * function that calls the library. Swift sees plain functions that return an
 * ign_status and, on failure, a one-line message. The libraries never print:
 * warnings are swallowed (or turned into errors), errors become messages.
 *
 * Decoding is two calls: one with `samples` NULL reads the header (size, channels and the
 * decoder's own working memory, so the caller can check its budgets before any pixel
 * buffer exists), then one with the caller's buffer decodes straight into it, row by row:
 * no second full-size copy of the image is ever made.
 */
#include <stddef.h>
#include <stdint.h>

/** Outcome of a shim call. */
typedef enum ign_status {
    IGN_OK = 0,
    IGN_CORRUPT = 1,     /**< malformed or truncated data; see the message */
    IGN_TOO_LARGE = 2,   /**< the header claims more pixels than allowed */
    IGN_NO_MEMORY = 3,   /**< an allocation failed, or the decoder's working memory is over the budget */
    IGN_UNSUPPORTED = 4, /**< valid data the shim does not handle */
    IGN_TOO_MANY_SCANS = 5, /**< a progressive JPEG with more scans than allowed */
} ign_status;

/** What a header says, and what decoding it costs beyond the samples. */
typedef struct ign_raster {
    uint32_t width;
    uint32_t height;
    int channels;        /**< 1 gray, 2 gray+alpha, 3 RGB, 4 RGBA */
    int source_depth;    /**< bits per sample as stored in the file (1, 2, 4, 8, 16) */
    int color_type;      /**< PNG colour type, or libjpeg J_COLOR_SPACE of the file */
    int interlaced;      /**< PNG Adam7, or JPEG progressive */
    uint64_t working_bytes; /**< the decoder's own allocations (row buffers, JPEG coefficients), estimated from the header */
} ign_raster;

/** Limits applied while decoding. */
typedef struct ign_limits {
    uint64_t max_pixels; /**< width * height above this is refused from the header */
    int max_scans;       /**< progressive JPEG scans above this are refused */
    uint64_t max_working_bytes; /**< a backstop for libjpeg's own allocations (0: none) */
} ign_limits;

/** PNG limits the shim applies besides `ign_limits` (see png_codec.c). */
#define IGN_PNG_MAX_DIMENSION 1000000u        /**< png_set_user_limits, each of width and height */
#define IGN_PNG_MAX_CHUNK_BYTES (8u << 20)    /**< png_set_chunk_malloc_max: any chunk's declared length */
#define IGN_PNG_MAX_CACHED_CHUNKS 32u         /**< png_set_chunk_cache_max */

/**
 * Decodes a PNG of any colour type, bit depth and interlacing into gray/GA/RGB/RGBA
 * samples on the 16-bit scale (an 8-bit value v becomes v * 257), host byte order.
 * With `samples` NULL only the header is read; otherwise `sample_count` must be
 * width * height * channels of that header.
 */
ign_status ign_png_decode(const unsigned char *data, size_t size, ign_limits limits,
                          uint16_t *samples, size_t sample_count,
                          ign_raster *out, char *message, size_t message_size);

/** Encodes 16-bit-scale samples as a non-interlaced PNG of depth 8 (rounded: (v + 128) / 257) or 16. */
ign_status ign_png_encode(const uint16_t *samples, uint32_t width, uint32_t height, int channels,
                          int depth, int compression_level, unsigned char **out, size_t *out_size,
                          char *message, size_t message_size);

/**
 * Decodes a baseline or progressive JPEG (gray, YCbCr, RGB, CMYK, YCCK) into gray or RGB
 * samples on the 16-bit scale; `samples` NULL reads the header only, as for PNG.
 */
ign_status ign_jpeg_decode(const unsigned char *data, size_t size, ign_limits limits,
                           uint16_t *samples, size_t sample_count,
                           ign_raster *out, char *message, size_t message_size);

/** Encodes 16-bit-scale gray (1 channel) or RGB (3 channels) samples as an 8-bit baseline JPEG. */
ign_status ign_jpeg_encode(const uint16_t *samples, uint32_t width, uint32_t height, int channels,
                           int quality, unsigned char **out, size_t *out_size,
                           char *message, size_t message_size);

/** Releases memory returned by the shim. */
void ign_free(void *pointer);

#endif
