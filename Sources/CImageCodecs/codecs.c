#include "ign_codecs.h"
int ign_codecs_version(void) { return 1; }
