package dev.lifecycle.api.data;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.apiguardian.api.API;

/**
 * The ancestry of a dataset version: every version it was derived from, back to the imports.
 *
 * @param root the id of the version whose lineage this is
 * @param nodes every version in the graph, the root first, then breadth-first towards the sources
 * @param edges parent-to-child derivations
 */
@API(status = API.Status.STABLE, since = "0.1.0")
public record LineageGraph(String root, List<Node> nodes, List<Edge> edges) {

    /** Copies the lists. */
    public LineageGraph {
        Objects.requireNonNull(root, "root");
        nodes = List.copyOf(nodes);
        edges = List.copyOf(edges);
    }

    /** @return the node of a version id, if it is in the graph */
    public Optional<Node> node(String id) {
        return nodes.stream().filter(n -> n.id().equals(id)).findFirst();
    }

    /** @return the nodes read from external sources (imports) */
    public List<Node> sources() {
        return nodes.stream().filter(n -> n.lineage().source() != null).toList();
    }

    /**
     * A version in the graph.
     *
     * @param id its id, {@code name@version}
     * @param lineage its own lineage record (operation, source, details)
     */
    @API(status = API.Status.STABLE, since = "0.1.0")
    public record Node(String id, Lineage lineage) {
        /** Checks that the components are present. */
        public Node {
            Objects.requireNonNull(id, "id");
            Objects.requireNonNull(lineage, "lineage");
        }
    }

    /**
     * A derivation.
     *
     * @param parent the id of the parent version
     * @param child the id of the version made from it
     * @param operation the operation that made the child
     */
    @API(status = API.Status.STABLE, since = "0.1.0")
    public record Edge(String parent, String child, String operation) {
        /** Checks that the components are present. */
        public Edge {
            Objects.requireNonNull(parent, "parent");
            Objects.requireNonNull(child, "child");
            Objects.requireNonNull(operation, "operation");
        }
    }
}
