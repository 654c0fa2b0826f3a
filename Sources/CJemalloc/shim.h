// jemalloc replaces the C library's malloc for the whole process once it is linked: nothing of it
// is called by name. Its own header is left out, as it declares malloc and free again.
