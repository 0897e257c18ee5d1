package io.productscanner.runtime.results;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

/**
 * One page of a job's results.
 *
 * @param nextCursor where the next page starts, or null when this page reaches the end
 */
public record ResultsPage(List<JsonNode> items, long total, long offset, long limit, String nextCursor) {
    public ResultsPage {
        items = List.copyOf(items);
    }

    /** Results {@code offset .. offset+limit-1} of {@code source}. */
    public static ResultsPage read(ResultsSource source, long offset, long limit) {
        List<JsonNode> items = source.read(offset, limit);
        long total = source.total();
        long next = offset + items.size();
        return new ResultsPage(items, total, offset, limit, next < total ? new ResultsCursor(next).encode() : null);
    }
}
