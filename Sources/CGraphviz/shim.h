#ifndef INFRALINT_CGRAPHVIZ_SHIM_H
#define INFRALINT_CGRAPHVIZ_SHIM_H

#include <graphviz/gvc.h>
#include <graphviz/cgraph.h>
#include <stdlib.h>

/* cgraph takes non-const strings everywhere and copies what it keeps; these
   wrappers let Swift pass its strings without casts. */

static inline Agraph_t *infralint_read_graph(const char *text) {
    return agmemread(text);
}

static inline int infralint_layout(GVC_t *gvc, Agraph_t *graph, const char *engine) {
    return gvLayout(gvc, graph, engine);
}

static inline int infralint_render(GVC_t *gvc, Agraph_t *graph, const char *format,
                                   char **result, unsigned int *length) {
    return gvRenderData(gvc, graph, format, result, length);
}

/* The names of a kind of plugin ("layout", "render"); free with infralint_free_list. */
static inline char **infralint_plugins(GVC_t *gvc, const char *kind, int *count) {
    return gvPluginList(gvc, kind, count, NULL);
}

static inline void infralint_free_list(char **list, int count) {
    if (!list) return;
    for (int i = 0; i < count; i++) free(list[i]);
    free(list);
}

#endif
