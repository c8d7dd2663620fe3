/**
 * The seam the cluster plugs into: a {@link dev.lifeline.server.relay.SessionRelay}
 * carries operations to the other instances and delivers theirs into the
 * {@link dev.lifeline.server.relay.LocalSessions} of this one.
 */
@NullMarked
package dev.lifeline.server.relay;

import org.jspecify.annotations.NullMarked;
