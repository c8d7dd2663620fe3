/**
 * What applications use: {@link dev.lifeline.server.WebSocketSessions} (inject it to
 * find, send to and close sessions), {@link dev.lifeline.server.LifelineSession} (what
 * every handler callback receives), the events and
 * {@link dev.lifeline.server.SessionLifecycleListener},
 * {@link dev.lifeline.server.CloseCause}, {@link dev.lifeline.server.ManagedEndpoint} and
 * the read-only {@link dev.lifeline.server.SessionStatistics}.
 * <p>
 * The rest of Lifeline's sessions lives in subpackages, each depending only on those
 * listed before it:
 * <ul>
 * <li>{@code adapter}: one connection per container (Tomcat, Jetty, the portable Jakarta
 * API), all access to a container's internals;</li>
 * <li>{@code relay}: the SPI the cluster delivers through;</li>
 * <li>{@code engine}: how sessions live and die (its package documentation maps
 * Lifeline's threads and the phases of a session);</li>
 * <li>{@code handshake}: who gets in (origins, caps, the upgrade strategy).</li>
 * </ul>
 */
@NullMarked
package dev.lifeline.server;

import org.jspecify.annotations.NullMarked;
