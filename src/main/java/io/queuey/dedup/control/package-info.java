/** Idempotent publishing: a key posted twice within the window stores one message. */
package io.queuey.dedup.control;
