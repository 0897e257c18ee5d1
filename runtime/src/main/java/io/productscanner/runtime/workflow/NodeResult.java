package io.productscanner.runtime.workflow;

import java.util.List;
import java.util.Optional;

/**
 * What a node decided about the nodes after it: all of its {@code next_nodes} (the usual case), or only some
 * of them (a conditional branch). Nodes not chosen are skipped, and so is everything reachable only through them.
 */
public record NodeResult(Optional<List<String>> chosenNext) {
    private static final NodeResult CONTINUE = new NodeResult(Optional.empty());

    public NodeResult {
        chosenNext = chosenNext.map(List::copyOf);
    }

    /** Every next node runs. */
    public static NodeResult continueAll() {
        return CONTINUE;
    }

    /** Only these next nodes run (none at all when empty). */
    public static NodeResult only(List<String> nodeIds) {
        return new NodeResult(Optional.of(nodeIds));
    }
}
