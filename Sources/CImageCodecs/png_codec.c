/* libpng behind setjmp: decode and encode PNG without ever printing or aborting. */
#include "ign_codecs.h"
#include <png.h>
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/** Where the error callback jumps back to, and where it leaves its message. */
struct png_failure {
    jmp_buf jump;
    char *message;
    size_t message_size;
};

static void png_fail(png_structp png, png_const_charp text) {
    struct png_failure *failure = png_get_error_ptr(png);
    snprintf(failure->message, failure->message_size, "%s", text);
    longjmp(failure->jump, 1);
}

static void png_ignore_warning(png_structp png, png_const_charp text) {
    (void)png;
    (void)text;
}

/** A read cursor over bytes in memory. */
struct png_source {
    const unsigned char *data;
    size_t size;
    size_t position;
    /* Once every row is decoded, libpng inflates whatever compressed data is left in IDAT
     * ("swallowing" it), and a 1 MB zlib stream can go on for a gigabyte (2.6 s). Past the
     * last row of the last pass, `tail_allowance` more IDAT bytes are read; then the
     * decode ends, complete, through `*status` = IGN_OK. */
    int decoding;
    png_byte last_pass;
    png_uint_32 last_pass_rows;
    size_t tail_read, tail_allowance;
    volatile ign_status *status;
};

#define IGN_PNG_IDAT 0x49444154u   /* 'IDAT' as png_get_io_chunk_type returns it */

static void png_read_from_memory(png_structp png, png_bytep out, size_t count) {
    struct png_source *source = png_get_io_ptr(png);
    if (count > source->size - source->position) png_error(png, "truncated PNG data");
    if (source->decoding && png_get_io_chunk_type(png) == IGN_PNG_IDAT) {
        png_byte pass = png_get_current_pass_number(png);
        png_uint_32 row = png_get_current_row_number(png);  /* within the pass's sub-image */
        if (pass > source->last_pass || (pass == source->last_pass && row >= source->last_pass_rows)) {
            source->tail_read += count;
            if (source->tail_read > source->tail_allowance) {
                *source->status = IGN_OK;       /* every row is in the caller's buffer */
                png_error(png, "compressed data after the last row (ignored)");
            }
        }
    }
    memcpy(out, source->data + source->position, count);
    source->position += count;
}

/** A growing output buffer in memory. */
struct png_sink {
    unsigned char *data;
    size_t size;
    size_t capacity;
};

static void png_write_to_memory(png_structp png, png_bytep bytes, size_t count) {
    struct png_sink *sink = png_get_io_ptr(png);
    if (count > sink->capacity - sink->size) {
        size_t capacity = sink->capacity ? sink->capacity : 65536;
        while (count > capacity - sink->size) capacity *= 2;
        unsigned char *grown = realloc(sink->data, capacity);
        if (!grown) png_error(png, "out of memory");
        sink->data = grown;
        sink->capacity = capacity;
    }
    memcpy(sink->data + sink->size, bytes, count);
    sink->size += count;
}

static void png_flush_nothing(png_structp png) { (void)png; }

static int host_is_little_endian(void) {
    const uint16_t probe = 1;
    return *(const unsigned char *)&probe == 1;
}

/* Chunks libpng would otherwise read, inflate or keep that ign never uses: with
 * png_set_keep_unknown_chunks(NEVER, NULL, -1) every chunk but IHDR, PLTE, tRNS, IDAT and
 * IEND is skipped unread (its CRC still checked), so zTXt, iTXt and iCCP decompression
 * bombs, megabytes of text and thousands of sPLT chunks cost only the reading of their bytes. */
static void png_apply_limits(png_structp png) {
    png_set_user_limits(png, IGN_PNG_MAX_DIMENSION, IGN_PNG_MAX_DIMENSION);
    png_set_chunk_malloc_max(png, IGN_PNG_MAX_CHUNK_BYTES);
    png_set_chunk_cache_max(png, IGN_PNG_MAX_CACHED_CHUNKS);
    png_set_keep_unknown_chunks(png, PNG_HANDLE_CHUNK_NEVER, NULL, -1);
}

ign_status ign_png_decode(const unsigned char *data, size_t size, ign_limits limits,
                          uint16_t *samples, size_t sample_count,
                          ign_raster *out, char *message, size_t message_size) {
    memset(out, 0, sizeof *out);
    if (size < 8 || png_sig_cmp(data, 0, 8) != 0) {
        snprintf(message, message_size, "not a PNG file (bad signature)");
        return IGN_CORRUPT;
    }
    struct png_failure failure = {.message = message, .message_size = message_size};
    volatile ign_status failed_status = IGN_CORRUPT;
    struct png_source source = {.data = data, .size = size, .position = 0, .status = &failed_status};
    png_structp png = png_create_read_struct(PNG_LIBPNG_VER_STRING, &failure, png_fail, png_ignore_warning);
    if (!png) {
        snprintf(message, message_size, "out of memory");
        return IGN_NO_MEMORY;
    }
    png_infop info = png_create_info_struct(png);
    png_bytep *volatile rows = NULL;
    if (!info || setjmp(failure.jump)) {
        ign_status status = info ? failed_status : IGN_NO_MEMORY;
        if (!info) snprintf(message, message_size, "out of memory");
        if (status == IGN_OK) message[0] = 0;
        free(rows);
        png_destroy_read_struct(&png, info ? &info : NULL, NULL);
        return status;
    }
    png_apply_limits(png);
    png_set_read_fn(png, &source, png_read_from_memory);
    png_read_info(png, info);

    png_uint_32 width = 0, height = 0;
    int bit_depth = 0, color_type = 0, interlace = 0;
    png_get_IHDR(png, info, &width, &height, &bit_depth, &color_type, &interlace, NULL, NULL);
    out->width = width;
    out->height = height;
    if ((uint64_t)width * height > limits.max_pixels) {
        failed_status = IGN_TOO_LARGE;
        char text[160];
        snprintf(text, sizeof text, "image is %ux%u (%llu pixels), over the limit of %llu pixels",
                 (unsigned)width, (unsigned)height, (unsigned long long)width * height,
                 (unsigned long long)limits.max_pixels);
        png_error(png, text);
    }

    /* Everything to 16 bits, in the caller's buffer: palette to RGB, tRNS to alpha, low-bit
     * gray to 8 bits (scaled to 0...255), then 8 to 16 bits by replicating the byte, which
     * is exactly v * 257. */
    if (color_type == PNG_COLOR_TYPE_PALETTE) png_set_palette_to_rgb(png);
    if (color_type == PNG_COLOR_TYPE_GRAY && bit_depth < 8) png_set_expand_gray_1_2_4_to_8(png);
    if (png_get_valid(png, info, PNG_INFO_tRNS)) png_set_tRNS_to_alpha(png);
    png_set_expand_16(png);
    if (host_is_little_endian()) png_set_swap(png);
    png_set_interlace_handling(png);
    png_read_update_info(png, info);

    out->channels = png_get_channels(png, info);
    out->source_depth = bit_depth;
    out->color_type = color_type;
    out->interlaced = interlace != PNG_INTERLACE_NONE;
    if (out->channels < 1 || out->channels > 4 || png_get_bit_depth(png, info) != 16) {
        failed_status = IGN_UNSUPPORTED;
        png_error(png, "unsupported PNG layout");
    }
    size_t row_bytes = png_get_rowbytes(png, info);
    /* libpng's current and previous rows, zlib's window and state, a chunk buffer. */
    out->working_bytes = 3 * (uint64_t)(row_bytes + 1) + (256u << 10);
    if (!samples) {
        png_destroy_read_struct(&png, &info, NULL);
        return IGN_OK;
    }
    if (row_bytes != (size_t)width * out->channels * 2 || sample_count != (size_t)width * height * out->channels) {
        failed_status = IGN_UNSUPPORTED;
        png_error(png, "the sample buffer does not fit the PNG header");
    }

    rows = malloc(sizeof(png_bytep) * ((size_t)height + 1));
    if (!rows) {
        failed_status = IGN_NO_MEMORY;
        png_error(png, "out of memory");
    }
    for (png_uint_32 y = 0; y < height; y++) rows[y] = (png_bytep)(samples + (size_t)width * out->channels * y);
    source.last_pass = 0;
    source.last_pass_rows = height;
    if (interlace != PNG_INTERLACE_NONE) {
        for (int pass = 6; pass >= 0; pass--) {
            if (PNG_PASS_ROWS(height, pass) > 0 && PNG_PASS_COLS(width, pass) > 0) {
                source.last_pass = (png_byte)pass;
                source.last_pass_rows = PNG_PASS_ROWS(height, pass);
                break;
            }
        }
    }
    source.tail_allowance = 64u << 10;
    source.decoding = 1;
    png_read_image(png, rows);
    png_read_end(png, NULL);

    free(rows);
    png_destroy_read_struct(&png, &info, NULL);
    return IGN_OK;
}

ign_status ign_png_encode(const uint16_t *samples, uint32_t width, uint32_t height, int channels,
                          int depth, int compression_level, unsigned char **out, size_t *out_size,
                          char *message, size_t message_size) {
    *out = NULL;
    *out_size = 0;
    static const int color_types[] = {0, PNG_COLOR_TYPE_GRAY, PNG_COLOR_TYPE_GRAY_ALPHA,
                                      PNG_COLOR_TYPE_RGB, PNG_COLOR_TYPE_RGB_ALPHA};
    if (channels < 1 || channels > 4 || (depth != 8 && depth != 16) || width == 0 || height == 0) {
        snprintf(message, message_size, "cannot write a PNG of %ux%u with %d channels at depth %d",
                 (unsigned)width, (unsigned)height, channels, depth);
        return IGN_UNSUPPORTED;
    }
    struct png_failure failure = {.message = message, .message_size = message_size};
    struct png_sink sink = {0};
    png_structp png = png_create_write_struct(PNG_LIBPNG_VER_STRING, &failure, png_fail, png_ignore_warning);
    if (!png) {
        snprintf(message, message_size, "out of memory");
        return IGN_NO_MEMORY;
    }
    png_infop info = png_create_info_struct(png);
    unsigned char *volatile narrow = NULL;
    struct png_sink *volatile sink_ref = &sink;
    if (!info || setjmp(failure.jump)) {
        if (!info) snprintf(message, message_size, "out of memory");
        free(narrow);
        free(sink_ref->data);
        png_destroy_write_struct(&png, info ? &info : NULL);
        return info ? IGN_CORRUPT : IGN_NO_MEMORY;
    }
    png_set_write_fn(png, &sink, png_write_to_memory, png_flush_nothing);
    png_set_IHDR(png, info, width, height, depth, color_types[channels], PNG_INTERLACE_NONE,
                 PNG_COMPRESSION_TYPE_DEFAULT, PNG_FILTER_TYPE_DEFAULT);
    png_set_compression_level(png, compression_level);
    png_write_info(png, info);
    if (depth == 16 && host_is_little_endian()) png_set_swap(png);
    size_t row_samples = (size_t)width * channels;
    /* One row at a time: 8-bit rows are narrowed into one row buffer, 16-bit rows are read
     * in place (libpng swaps bytes in its own copy), so no full-size copy is made. */
    if (depth == 8) {
        narrow = malloc(row_samples + 1);
        if (!narrow) png_error(png, "out of memory");
    }
    for (uint32_t y = 0; y < height; y++) {
        const uint16_t *row = samples + row_samples * y;
        if (depth == 8) {
            for (size_t i = 0; i < row_samples; i++) narrow[i] = (unsigned char)(((uint32_t)row[i] + 128) / 257);
            png_write_row(png, narrow);
        } else {
            png_write_row(png, (png_const_bytep)row);
        }
    }
    png_write_end(png, NULL);
    free(narrow);
    png_destroy_write_struct(&png, &info);
    *out = sink.data;
    *out_size = sink.size;
    return IGN_OK;
}

void ign_free(void *pointer) { free(pointer); }
