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
    volatile ign_status *status; /**< where a decoder wants the kind of failure (NULL: corrupt) */
};

static void jpeg_fail(j_common_ptr common) {
    struct jpeg_failure *failure = (struct jpeg_failure *)common->err;
    char text[JMSG_LENGTH_MAX];
    common->err->format_message(common, text);
    int code = common->err->msg_code;
    if (failure->status && (code == JERR_OUT_OF_MEMORY || code == JERR_NO_BACKING_STORE)) {
        /* libjpeg's own allocations went past the backstop set from the memory budget. */
        *failure->status = IGN_NO_MEMORY;
        snprintf(failure->message, failure->message_size, "libjpeg's buffers exceed the memory budget (%s)", text);
    } else {
        snprintf(failure->message, failure->message_size, "%s", text);
    }
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
    volatile ign_status *status;
};

static void jpeg_check_scans(j_common_ptr common) {
    struct jpeg_scan_guard *guard = (struct jpeg_scan_guard *)common->progress;
    if (guard->decoder->input_scan_number > guard->max_scans) {
        struct jpeg_failure *failure = (struct jpeg_failure *)common->err;
        snprintf(failure->message, failure->message_size,
                 "more than %d scans (a hostile or corrupt file)", guard->max_scans);
        *guard->status = IGN_TOO_MANY_SCANS;
        longjmp(failure->jump, 1);
    }
}

static unsigned char cmyk_channel(unsigned value, unsigned black, int inverted) {
    if (inverted) return (unsigned char)((value * black + 127) / 255);
    return (unsigned char)(((255 - value) * (255 - black) + 127) / 255);
}

/*
 * What decoding takes besides the caller's samples (2 bytes each), from the header. A file
 * with several scans (progressive, or sequential with one component per scan) keeps every
 * component's DCT coefficients for the whole image (64 JCOEFs per 8x8 block), and every file
 * needs a few iMCU rows per component for decoding, upsampling and colour conversion. A
 * multi-scan file is decoded to 8 bits into the upper half of the samples' memory and
 * widened in place once libjpeg has freed its coefficients, so the samples' lower half is
 * only touched then: the peak is the larger of (coefficients + half the samples) and the
 * samples, and this returns what it adds to the samples.
 */
static uint64_t jpeg_working_bytes(j_decompress_ptr decoder, uint64_t sample_bytes) {
    int multiple_scans = jpeg_has_multiple_scans(decoder);
    uint64_t coefficients = 0, rows = 1u << 20;
    for (int ci = 0; ci < decoder->num_components; ci++) {
        const jpeg_component_info *component = &decoder->comp_info[ci];
        uint64_t blocks_wide = component->width_in_blocks + decoder->max_h_samp_factor;
        uint64_t blocks_high = component->height_in_blocks + decoder->max_v_samp_factor;
        if (multiple_scans) coefficients += blocks_wide * blocks_high * DCTSIZE2 * sizeof(JCOEF);
        rows += blocks_wide * DCTSIZE * 4 * (uint64_t)decoder->max_v_samp_factor * DCTSIZE;
    }
    rows += (uint64_t)decoder->image_width * 4 * 4;  /* output and CMYK rows */
    uint64_t half = sample_bytes / 2;
    return rows + (coefficients > half ? coefficients - half : 0);
}

ign_status ign_jpeg_decode(const unsigned char *data, size_t size, ign_limits limits,
                           uint16_t *samples, size_t sample_count,
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
    unsigned char *volatile row = NULL;
    volatile ign_status failed_status = IGN_CORRUPT;
    failure.status = &failed_status;
    if (setjmp(failure.jump)) {
        free(row);
        jpeg_destroy_decompress(&decoder);
        return failed_status;
    }
    jpeg_create_decompress(&decoder);
    guard.manager.progress_monitor = jpeg_check_scans;
    guard.decoder = &decoder;
    guard.max_scans = limits.max_scans > 0 ? limits.max_scans : 100;
    guard.status = &failed_status;
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
    /* channels are known below; the working bytes are set there */
    /* A backstop under the caller's own check: libjpeg refuses to allocate beyond this. */
    uint64_t memory_bound = limits.max_working_bytes ? limits.max_working_bytes : out->working_bytes + (64u << 20);
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
    out->working_bytes = jpeg_working_bytes(&decoder, pixel_count * out->channels * 2);
    out->source_depth = decoder.data_precision;
    out->color_type = decoder.jpeg_color_space;
    out->interlaced = decoder.progressive_mode ? 1 : 0;
    if (!samples) {
        jpeg_destroy_decompress(&decoder);
        return IGN_OK;
    }
    if (sample_count != (size_t)pixel_count * out->channels) {
        failed_status = IGN_UNSUPPORTED;
        snprintf(message, message_size, "the sample buffer does not fit the JPEG header");
        longjmp(failure.jump, 1);
    }

    jpeg_start_decompress(&decoder);
    if (decoder.output_components != (cmyk ? 4 : out->channels) || decoder.output_width != decoder.image_width ||
        decoder.output_height != decoder.image_height) {
        failed_status = IGN_UNSUPPORTED;
        snprintf(message, message_size, "unexpected JPEG output layout");
        longjmp(failure.jump, 1);
    }
    row = malloc((size_t)decoder.output_width * 4 + 1);
    if (!row) {
        failed_status = IGN_NO_MEMORY;
        snprintf(message, message_size, "out of memory");
        longjmp(failure.jump, 1);
    }
    size_t row_samples = (size_t)decoder.output_width * out->channels;
    /* Multi-scan files: 8-bit samples into the upper half of the caller's memory, widened in
     * place after libjpeg is gone (see jpeg_working_bytes). */
    int multiple_scans = jpeg_has_multiple_scans(&decoder);
    unsigned char *narrow = (unsigned char *)samples + sample_count;
    while (decoder.output_scanline < decoder.output_height) {
        size_t offset = row_samples * decoder.output_scanline;
        JSAMPROW rows[1] = {row};
        if (jpeg_read_scanlines(&decoder, rows, 1) != 1) {
            snprintf(message, message_size, "no scanline decoded");
            longjmp(failure.jump, 1);
        }
        if (cmyk) {   /* to RGB, in place: each pixel's 3 bytes land at or before its 4 */
            for (JDIMENSION x = 0; x < decoder.output_width; x++) {
                const unsigned char *source = row + 4 * x;
                unsigned char r = cmyk_channel(source[0], source[3], inverted);
                unsigned char g = cmyk_channel(source[1], source[3], inverted);
                unsigned char b = cmyk_channel(source[2], source[3], inverted);
                row[3 * x + 0] = r;
                row[3 * x + 1] = g;
                row[3 * x + 2] = b;
            }
        }
        if (multiple_scans) {
            memcpy(narrow + offset, row, row_samples);
        } else {
            for (size_t i = 0; i < row_samples; i++) samples[offset + i] = (uint16_t)(row[i] * 257u);
        }
    }
    jpeg_finish_decompress(&decoder);
    jpeg_destroy_decompress(&decoder);
    free(row);
    /* Front to back: sample i's two bytes end at byte 2i + 1 <= sample_count + i, where its
     * own 8-bit value lies, so no value is overwritten before it is read. */
    if (multiple_scans) {
        for (size_t i = 0; i < sample_count; i++) samples[i] = (uint16_t)(narrow[i] * 257u);
    }
    return IGN_OK;
}

ign_status ign_jpeg_encode(const uint16_t *samples, uint32_t width, uint32_t height, int channels,
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
    failure.status = NULL;
    unsigned char *volatile buffer = NULL;
    unsigned char *volatile narrow = NULL;
    unsigned long buffer_size = 0;
    if (setjmp(failure.jump)) {
        jpeg_destroy_compress(&encoder);
        free(buffer);
        free(narrow);
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
    size_t row_samples = (size_t)width * channels;
    narrow = malloc(row_samples + 1);
    if (!narrow) {
        snprintf(message, message_size, "out of memory");
        longjmp(failure.jump, 1);
    }
    jpeg_start_compress(&encoder, TRUE);
    /* One row at a time, narrowed to 8 bits ((v + 128) / 257) into one row buffer. */
    while (encoder.next_scanline < encoder.image_height) {
        const uint16_t *source = samples + row_samples * encoder.next_scanline;
        for (size_t i = 0; i < row_samples; i++) narrow[i] = (unsigned char)(((uint32_t)source[i] + 128) / 257);
        JSAMPROW row = narrow;
        jpeg_write_scanlines(&encoder, &row, 1);
    }
    jpeg_finish_compress(&encoder);
    jpeg_destroy_compress(&encoder);
    free(narrow);
    *out = buffer;
    *out_size = buffer_size;
    return IGN_OK;
}
