/**
 * Who gets in: the handshake guard (origins, capacity, per-user and per-address caps, the
 * handshake rate), the slots it reserves, and the upgrade strategy that declines
 * permessage-deflate unless enabled.
 */
@NullMarked
package dev.lifeline.server.handshake;

import org.jspecify.annotations.NullMarked;
