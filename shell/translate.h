/* `rampart translate --to ios|asa FILE`: a configuration rendered under the other
 * personality, with a comment for each block that has no equivalent there. */
#ifndef RAMPART_TRANSLATE_H
#define RAMPART_TRANSLATE_H

/* argv[0] is "translate". Exit status: 0, 1 when the file had lines its own
 * personality rejects (they are reported on stderr), 2 for a usage error. */
int translate_main(int argc, char **argv);

#endif
