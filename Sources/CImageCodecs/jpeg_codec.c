/* libjpeg-turbo behind setjmp: decode and encode JPEG without ever printing or aborting. */
#include "ign_codecs.h"
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <jpeglib.h>
#include <jerror.h>

/** libjpeg's error manager, extended with where to jump back to and where to leave the message. */
struct jpeg_failure {
    struct jpeg_error_mgr manager;
    jmp_buf jump;
    char *message;
    size_t message_size;
};

static void jpeg_fail(j_common_ptr common) {
    struct jpeg_failure *failure = (struct jpeg_failure *)common->err;
    char text[JMSG_LENGTH_MAX];
    common->err->format_message(common, text);
    snprintf(failure->message, failure->message_size, "%s", text);
    longjmp(failure->jump, 1);
}

/* libjpeg's default prints to stderr; the shim never prints. */
static void jpeg_print_nothing(j_common_ptr common) { (void)common; }

/*
 * Warnings (level -1) mean corrupt data that libjpeg would paper over with grey:
 * a truncated file decodes "successfully". Treat them as errors, except
 * stray bytes between markers, which are common and harmless.
 */
static void jpeg_emit(j_common_ptr common, int level) {
    if (level < 0 && common->err->msg_code != JWRN_EXTRANEOUS_DATA) jpeg_fail(common);
}

/** Progress monitor that bounds the number of progressive scans (CPU on hostile files). */
struct jpeg_scan_guard {
    struct jpeg_progress_mgr manager;
    j_decompress_ptr decoder;
    int max_scans;
};

static void jpeg_check_scans(j_common_ptr common) {
    struct jpeg_scan_guard *guard = (struct jpeg_scan_guard *)common->progress;
    if (guard->decoder->input_scan_number > guard->max_scans) {
        struct jpeg_failure *failure = (struct jpeg_failure *)common->err;
        snprintf(failure->message, failure->message_size,
                 "JPEG has more than %d progressive scans (hostile or corrupt file)", guard->max_scans);
        longjmp(failure->jump, 1);
    }
}

static unsigned char cmyk_channel(unsigned value, unsigned black, int inverted) {
    if (inverted) return (unsigned char)((value * black + 127) / 255);
    return (unsigned char)(((255 - value) * (255 - black) + 127) / 255);
}

ign_status ign_jpeg_decode(const unsigned char *data, size_t size, ign_limits limits, int header_only,
                           ign_raster *out, char *message, size_t message_size) {
    memset(out, 0, sizeof *out);
    if (size < 3 || data[0] != 0xFF || data[1] != 0xD8) {
        snprintf(message, message_size, "not a JPEG file (bad signature)");
        return IGN_CORRUPT;
    }
    struct jpeg_decompress_struct decoder;
    struct jpeg_failure failure;
    struct jpeg_scan_guard guard;
    memset(&decoder, 0, sizeof decoder);
    decoder.err = jpeg_std_error(&failure.manager);
    failure.manager.error_exit = jpeg_fail;
    failure.manager.output_message = jpeg_print_nothing;
    failure.manager.emit_message = jpeg_emit;
    failure.message = message;
    failure.message_size = message_size;
    unsigned char *volatile pixels = NULL;
    unsigned char *volatile cmyk_row = NULL;
    volatile ign_status failed_status = IGN_CORRUPT;
    if (setjmp(failure.jump)) {
        free(pixels);
        free(cmyk_row);
        jpeg_destroy_decompress(&decoder);
        return failed_status;
    }
    jpeg_create_decompress(&decoder);
    guard.manager.progress_monitor = jpeg_check_scans;
    guard.decoder = &decoder;
    guard.max_scans = limits.max_scans > 0 ? limits.max_scans : 1000;
    decoder.progress = &guard.manager;
    jpeg_mem_src(&decoder, data, (unsigned long)size);
    jpeg_read_header(&decoder, TRUE);

    uint64_t pixel_count = (uint64_t)decoder.image_width * decoder.image_height;
    out->width = decoder.image_width;
    out->height = decoder.image_height;
    if (pixel_count > limits.max_pixels) {
        failed_status = IGN_TOO_LARGE;
        snprintf(message, message_size, "image is %ux%u (%llu pixels), over the limit of %llu pixels",
                 decoder.image_width, decoder.image_height, (unsigned long long)pixel_count,
                 (unsigned long long)limits.max_pixels);
        longjmp(failure.jump, 1);
    }
    /* Bound libjpeg's own allocations (coefficient buffers of progressive files) by the image size. */
    uint64_t memory_bound = pixel_count * 4 * sizeof(JCOEF) * 2 + ((uint64_t)64 << 20);
    decoder.mem->max_memory_to_use = memory_bound > (uint64_t)0x7fffffff ? 0x7fffffffL : (long)memory_bound;

    int cmyk = 0, inverted = 0;
    switch (decoder.jpeg_color_space) {
    case JCS_GRAYSCALE:
        decoder.out_color_space = JCS_GRAYSCALE;
        out->channels = 1;
        break;
    case JCS_YCbCr:
    case JCS_RGB:
        decoder.out_color_space = JCS_RGB;
        out->channels = 3;
        break;
    case JCS_CMYK:
    case JCS_YCCK:
        decoder.out_color_space = JCS_CMYK;
        out->channels = 3;
        cmyk = 1;
        inverted = decoder.saw_Adobe_marker;
        break;
    default:
        failed_status = IGN_UNSUPPORTED;
        snprintf(message, message_size, "unsupported JPEG colour space (%d components)", decoder.num_components);
        longjmp(failure.jump, 1);
    }
    out->width = decoder.image_width;
    out->height = decoder.image_height;
    out->depth = 8;
    out->source_depth = decoder.data_precision;
    out->color_type = decoder.jpeg_color_space;
    out->interlaced = decoder.progressive_mode ? 1 : 0;
    if (header_only) {
        jpeg_destroy_decompress(&decoder);
        return IGN_OK;
    }

    jpeg_start_decompress(&decoder);
    if (decoder.output_components != (cmyk ? 4 : out->channels)) {
        failed_status = IGN_UNSUPPORTED;
        snprintf(message, message_size, "unexpected JPEG output layout");
        longjmp(failure.jump, 1);
    }
    size_t row_bytes = (size_t)decoder.output_width * out->channels;
    pixels = malloc(row_bytes * decoder.output_height + 1);
    if (cmyk) cmyk_row = malloc((size_t)decoder.output_width * 4 + 1);
    if (!pixels || (cmyk && !cmyk_row)) {
        failed_status = IGN_NO_MEMORY;
        snprintf(message, message_size, "out of memory");
        longjmp(failure.jump, 1);
    }
    while (decoder.output_scanline < decoder.output_height) {
        unsigned char *row = pixels + row_bytes * decoder.output_scanline;
        JSAMPROW target = cmyk ? cmyk_row : row;
        jpeg_read_scanlines(&decoder, &target, 1);
        if (cmyk) {
            for (JDIMENSION x = 0; x < decoder.output_width; x++) {
                const unsigned char *source = cmyk_row + 4 * x;
                row[3 * x + 0] = cmyk_channel(source[0], source[3], inverted);
                row[3 * x + 1] = cmyk_channel(source[1], source[3], inverted);
                row[3 * x + 2] = cmyk_channel(source[2], source[3], inverted);
            }
        }
    }
    jpeg_finish_decompress(&decoder);
    jpeg_destroy_decompress(&decoder);
    free(cmyk_row);
    out->pixels = pixels;
    return IGN_OK;
}

ign_status ign_jpeg_encode(const unsigned char *pixels, uint32_t width, uint32_t height, int channels,
                           int quality, unsigned char **out, size_t *out_size,
                           char *message, size_t message_size) {
    *out = NULL;
    *out_size = 0;
    if ((channels != 1 && channels != 3) || width == 0 || height == 0 || width > JPEG_MAX_DIMENSION ||
        height > JPEG_MAX_DIMENSION) {
        snprintf(message, message_size, "cannot write a JPEG of %ux%u with %d channels",
                 (unsigned)width, (unsigned)height, channels);
        return IGN_UNSUPPORTED;
    }
    struct jpeg_compress_struct encoder;
    struct jpeg_failure failure;
    memset(&encoder, 0, sizeof encoder);
    encoder.err = jpeg_std_error(&failure.manager);
    failure.manager.error_exit = jpeg_fail;
    failure.manager.output_message = jpeg_print_nothing;
    failure.message = message;
    failure.message_size = message_size;
    unsigned char *volatile buffer = NULL;
    unsigned long buffer_size = 0;
    if (setjmp(failure.jump)) {
        jpeg_destroy_compress(&encoder);
        free(buffer);
        return IGN_CORRUPT;
    }
    jpeg_create_compress(&encoder);
    jpeg_mem_dest(&encoder, (unsigned char **)&buffer, &buffer_size);
    encoder.image_width = width;
    encoder.image_height = height;
    encoder.input_components = channels;
    encoder.in_color_space = channels == 1 ? JCS_GRAYSCALE : JCS_RGB;
    jpeg_set_defaults(&encoder);
    jpeg_set_quality(&encoder, quality < 1 ? 1 : quality > 100 ? 100 : quality, TRUE);
    encoder.optimize_coding = TRUE;
    jpeg_start_compress(&encoder, TRUE);
    size_t row_bytes = (size_t)width * channels;
    while (encoder.next_scanline < encoder.image_height) {
        JSAMPROW row = (JSAMPROW)(pixels + row_bytes * encoder.next_scanline);
        jpeg_write_scanlines(&encoder, &row, 1);
    }
    jpeg_finish_compress(&encoder);
    jpeg_destroy_compress(&encoder);
    *out = buffer;
    *out_size = buffer_size;
    return IGN_OK;
}
