/**
 * Runtime of a managed WebSocket endpoint: session decorator, registry, heartbeat,
 * cleanup and handshake guard.
 */
@NullMarked
package dev.lifeline.server;

import org.jspecify.annotations.NullMarked;
