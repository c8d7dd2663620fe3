/*
 * Copyright 2026-present the original author or authors.
 *
 * Licensed under the Apache License, Version 2.0 (the "License");
 * you may not use this file except in compliance with the License.
 * You may obtain a copy of the License at
 *
 *      https://www.apache.org/licenses/LICENSE-2.0
 *
 * Unless required by applicable law or agreed to in writing, software
 * distributed under the License is distributed on an "AS IS" BASIS,
 * WITHOUT WARRANTIES OR CONDITIONS OF ANY KIND, either express or implied.
 * See the License for the specific language governing permissions and
 * limitations under the License.
 */

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
