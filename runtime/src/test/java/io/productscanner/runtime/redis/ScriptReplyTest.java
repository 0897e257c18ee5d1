package io.productscanner.runtime.redis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A script's name/value reply as Lettuce hands it over (a list), read by name. */
class ScriptReplyTest {
    @Test
    void fieldsAreReadByNameWhateverTheirOrder() {
        ScriptReply reply = ScriptReply.of(Arrays.asList(
                "fence",
                7L,
                "job_id",
                "j-1",
                "job",
                List.of("status", "pending"),
                "recovered",
                1L,
                "workflow_id",
                null));
        assertEquals(7L, reply.number("fence"));
        assertEquals("j-1", reply.string("job_id"));
        assertEquals(List.of("status", "pending"), reply.list("job"));
        assertTrue(reply.flag("recovered"));
        assertNull(reply.string("workflow_id"), "Lua false inside the list arrives as null");
        assertFalse(reply.flag("duplicate"), "an absent flag is false");
    }

    @Test
    void falseNilOrAnEmptyTableIsAnEmptyReply() {
        assertTrue(ScriptReply.of(null).isEmpty());
        assertTrue(ScriptReply.of(List.of()).isEmpty());
        assertTrue(ScriptReply.of(Arrays.asList((Object) null)).isEmpty(), "Lua false as Lettuce's MULTI gives it");
    }

    @Test
    void aMissingFieldOrAnOddListIsAnErrorNamingIt() {
        ScriptReply reply = ScriptReply.of(List.of("recorded", 1L));
        IllegalStateException missing = assertThrows(IllegalStateException.class, () -> reply.string("job_id"));
        assertTrue(missing.getMessage().contains("'job_id'"), missing.getMessage());
        assertThrows(IllegalStateException.class, () -> ScriptReply.of(List.of("recorded", 1L, "job_id")));
    }
}
