#ifndef INFRALINT_CGRAPHVIZ_SHIM_H
#define INFRALINT_CGRAPHVIZ_SHIM_H

#include <graphviz/gvc.h>
#include <graphviz/cgraph.h>
#include <stdlib.h>
#include <string.h>

/* cgraph takes non-const strings everywhere and copies what it keeps; these
   wrappers let Swift pass its strings without casts. */

/* Reads DOT text from memory, like agmemread, but with the caller's object ID
   discipline. The default discipline uses the address of each interned name
   as its ID, and cgraph keeps subgraphs ordered by ID: clusters would then be
   drawn in an order that depends on the heap, and the same input could give
   different SVG bytes from one build or machine to the next. */
typedef struct {
    const char *text;
    size_t length;
    size_t offset;
} infralint_text_channel;

static inline int infralint_text_read(void *channel, char *buffer, int size) {
    infralint_text_channel *source = (infralint_text_channel *)channel;
    if (size <= 0 || source->offset >= source->length) return 0;
    size_t count = source->length - source->offset;
    if (count > (size_t)size) count = (size_t)size;
    memcpy(buffer, source->text + source->offset, count);
    source->offset += count;
    return (int)count;
}

static inline Agraph_t *infralint_read_graph(const char *text, Agiddisc_t *ids) {
    static Agiodisc_t io;
    io.afread = infralint_text_read;
    io.putstr = AgIoDisc.putstr;
    io.flush = AgIoDisc.flush;
    Agdisc_t discipline = { &AgMemDisc, ids, &io };
    infralint_text_channel channel = { text, strlen(text), 0 };
    return agread(&channel, &discipline);
}

static inline int infralint_layout(GVC_t *gvc, Agraph_t *graph, const char *engine) {
    return gvLayout(gvc, graph, engine);
}

static inline int infralint_render(GVC_t *gvc, Agraph_t *graph, const char *format,
                                   char **result, unsigned int *length) {
    return gvRenderData(gvc, graph, format, result, length);
}

/* The laid-out drawing's size in points (its bounding box), after gvLayout. */
static inline void infralint_graph_size(Agraph_t *graph, double *width, double *height) {
    boxf box = GD_bb(graph);
    *width = box.UR.x - box.LL.x;
    *height = box.UR.y - box.LL.y;
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
