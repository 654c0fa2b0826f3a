// jemalloc's compiled-in settings; nothing in Swift reads them (see settings.c).
extern const char *malloc_conf;
