// Image type and codecs.
