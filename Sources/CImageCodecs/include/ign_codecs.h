#ifndef IGN_CODECS_H
#define IGN_CODECS_H
/*
 * C shim over libpng and libjpeg-turbo.
 *
 * Every setjmp/longjmp of both libraries lives in this target, in the same C
 * function that calls the library. Swift sees plain functions that return an
 * ign_status and, on failure, a one-line message. The libraries never print:
 * warnings are swallowed (or turned into errors), errors become messages.
 */
#include <stddef.h>
#include <stdint.h>

/** Outcome of a shim call. */
typedef enum ign_status {
    IGN_OK = 0,
    IGN_CORRUPT = 1,     /**< malformed or truncated data; see the message */
    IGN_TOO_LARGE = 2,   /**< the header claims more pixels than allowed */
    IGN_NO_MEMORY = 3,   /**< an allocation failed */
    IGN_UNSUPPORTED = 4, /**< valid data the shim does not handle */
} ign_status;

/** A decoded raster: interleaved samples, rows top to bottom, no padding. */
typedef struct ign_raster {
    uint32_t width;
    uint32_t height;
    int channels;        /**< 1 gray, 2 gray+alpha, 3 RGB, 4 RGBA */
    int depth;           /**< bits per sample in `pixels`: 8, or 16 (host byte order) */
    int source_depth;    /**< bits per sample as stored in the file (1, 2, 4, 8, 16) */
    int color_type;      /**< PNG colour type, or libjpeg J_COLOR_SPACE of the file */
    int interlaced;      /**< PNG Adam7, or JPEG progressive */
    unsigned char *pixels; /**< malloc'd; release with ign_free; NULL when header_only */
} ign_raster;

/** Limits applied while decoding. */
typedef struct ign_limits {
    uint64_t max_pixels; /**< width * height above this is refused from the header */
    int max_scans;       /**< progressive JPEG scans above this are refused */
} ign_limits;

/** Decodes a PNG of any colour type, bit depth and interlacing into gray/GA/RGB/RGBA of depth 8 or 16. */
ign_status ign_png_decode(const unsigned char *data, size_t size, ign_limits limits, int header_only,
                          ign_raster *out, char *message, size_t message_size);

/** Encodes interleaved samples (depth 8, or 16 in host byte order) as a non-interlaced PNG. */
ign_status ign_png_encode(const unsigned char *pixels, uint32_t width, uint32_t height, int channels,
                          int depth, int compression_level, unsigned char **out, size_t *out_size,
                          char *message, size_t message_size);

/** Decodes a baseline or progressive JPEG (gray, YCbCr, RGB, CMYK, YCCK) into 8-bit gray or RGB. */
ign_status ign_jpeg_decode(const unsigned char *data, size_t size, ign_limits limits, int header_only,
                           ign_raster *out, char *message, size_t message_size);

/** Encodes 8-bit gray (1 channel) or RGB (3 channels) as a baseline JPEG. */
ign_status ign_jpeg_encode(const unsigned char *pixels, uint32_t width, uint32_t height, int channels,
                           int quality, unsigned char **out, size_t *out_size,
                           char *message, size_t message_size);

/** Releases memory returned by the shim. */
void ign_free(void *pointer);

#endif
