/** What the message storage exposes to the rest of Queuey, and the read delay of range reads. */
package io.queuey.messages.control;
