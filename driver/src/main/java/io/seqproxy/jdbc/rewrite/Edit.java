package io.seqproxy.jdbc.rewrite;

import io.seqproxy.jdbc.rewrite.RewritePlan.Slot;

/**
 * A change to the application's text: characters {@code start..end} are replaced by {@code
 * before}, then the slot (if any), then {@code after}.
 */
record Edit(int start, int end, String before, Slot slot, String after) {}
