/**
 * Micrometer Observations of the managed WebSocket endpoint: handshakes and inbound
 * messages.
 */
@NullMarked
package dev.lifeline.observation;

import org.jspecify.annotations.NullMarked;
