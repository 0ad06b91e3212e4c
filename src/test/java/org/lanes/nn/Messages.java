package org.lanes.nn;

import static org.junit.jupiter.api.Assertions.assertTrue;

/** Assertions on error messages: a message must name what went wrong, so tests check its words. */
final class Messages {
    private Messages() {
    }

    static void assertContains(Throwable e, String... fragments) {
        for (String f : fragments) {
            assertTrue(e.getMessage().contains(f), () -> "'" + e.getMessage() + "' should contain '" + f + "'");
        }
    }
}
