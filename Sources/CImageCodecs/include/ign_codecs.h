#ifndef IGN_CODECS_H
#define IGN_CODECS_H
/* C shim over libpng and libjpeg: every setjmp/longjmp lives in this target. */
int ign_codecs_version(void);
#endif
