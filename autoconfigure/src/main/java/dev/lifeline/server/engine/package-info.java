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
 * The engine behind {@link dev.lifeline.server.WebSocketSessions}: how sessions live and
 * die. Package-private but for the types the auto-configuration wires.
 * <ul>
 * <li>{@code SessionRegistry}: the sessions, the endpoints; open and finish in
 * {@code SessionLifecycle}; its side of resumable sessions (detaching a session from its
 * connection, attaching it again) in {@code ResumableSessions};</li>
 * <li>{@code Delivery}: the one place that decides local or relay, and what the relay
 * delivers into;</li>
 * <li>{@code Closing}: the one close state machine; its Javadoc is the glossary of the
 * close verbs;</li>
 * <li>{@code SessionDrain}, {@code Sweeper}, {@code HeartbeatService} on a
 * {@code TimingWheel}, {@code ConnectionCleanupListener}, {@code CredentialExpiry};</li>
 * <li>{@code DefaultLifelineSession} with its {@code SessionOutbox} (the writing and
 * closing; its messages and their bounds in an {@code OutboxQueue}; what became of an
 * offer in {@code OutboxOffer}; the futures and counts of messages that leave it settled
 * by an {@code OutboxSettlement}, outside its monitor; whether the socket has room for a
 * ping in a {@code PingRoom}; the connection it writes to and the turn to write in an
 * {@code OutboxTarget}; what happened to the messages told to an {@code OutboxOwner}, for
 * a session its {@code SessionOutboxOwner}), and {@code LifelineWebSocketHandler}, the
 * decorator of the application's handler, with the {@code InboundLimits} it applies to
 * what arrives.</li>
 * </ul>
 *
 * <h2>Phases of a session</h2>
 * <ol>
 * <li><em>Handshake</em>: the handshake guard checks origin, capacity and rate and
 * reserves a slot; the upgrade strategy upgrades without permessage-deflate unless
 * enabled; the handshake handler decides the principal.</li>
 * <li><em>Open</em>: the handler decorator wraps the container's session in a
 * {@code Connection}, and the registry makes the {@code LifelineSession} (its own id, the
 * handshake's attributes without Lifeline's state, the slot and handshake observation
 * kept aside), indexes its user, tells the listeners, and hands it to the application.
 * The heartbeat schedules its first ping.</li>
 * <li><em>Live</em>: the application's sends queue in the session's outbox and are
 * written one at a time without blocking; inbound messages pass the size and rate limits
 * and are joined from parts; pongs feed the heartbeat.</li>
 * <li><em>Closing</em>: the first close decided (by the application, an operator, a
 * limit, the heartbeat, the sweep, shutdown or the peer) is the one counted; see
 * {@code Closing}. A polite close still in progress after the send time limit and the
 * close timeout is abandoned by the sweep: its connection is aborted.</li>
 * <li><em>Detached</em> (resumable sessions only, see {@code Resumption}, and
 * {@code ResumeHandshake} for the {@code hello} or {@code resume}): the connection
 * dropped without a close frame, or the heartbeat or a stuck write dropped it; the
 * session keeps everything but its connection for its window, retains what is sent to it,
 * and is attached again to the connection that resumes it. The application is not
 * told.</li>
 * <li><em>Finished</em>: exactly once, the registry removes the session and its
 * connection, its groups and user, releases its slot, fails what is still queued, counts
 * the close and tells the application and the listeners.</li>
 * </ol>
 *
 * <h2>Threads, and what must never block on each</h2>
 * <ul>
 * <li><em>Container threads</em> (Tomcat's {@code http-nio-*-exec-*}, Jetty's
 * {@code qtp*}) run the handshake, every handler callback and, on Tomcat, the completion
 * of asynchronous writes. Lifeline never makes them wait for a peer: a send queues and
 * returns, a completion starts the next write and returns.</li>
 * <li><em>Application threads</em> that call {@code send}, {@code broadcast} and
 * {@code close}: they return at once, whatever the peers do.</li>
 * <li><em>{@code lifeline-heartbeat-}</em>: one thread ticking the timing wheel. It
 * writes a ping on its own thread only when the socket is known to have room (bounded),
 * and otherwise through the container's asynchronous path; it terminates timed-out
 * sessions with an abort whose close frame waits a few milliseconds at most. It never
 * runs application code: that goes to the events thread.</li>
 * <li><em>{@code lifeline-cleanup-}</em>: the sweep; the same rules as the
 * heartbeat.</li>
 * <li><em>{@code lifeline-events-}</em>: listeners, Spring events, and the application's
 * close callback when the close happened on the heartbeat, the sweep or the relay; the
 * abort of a cut-off slow consumer. A slow listener delays other listeners only.</li>
 * <li><em>{@code lifeline-cluster-}</em> (with the cluster on): Redis commands, the
 * dispatcher that delivers other instances' messages, the directory refresh. What a
 * delivery causes is told on the events thread.</li>
 * <li><em>{@code lifeline-credentials-}</em>: closes sessions whose credentials
 * expired.</li>
 * <li><em>{@code lifeline-resume-}</em>: times out resumable connections that never say
 * hello, ends the windows of detached sessions, and writes acknowledgements due by time.
 * It never runs application code.</li>
 * <li><em>{@code lifeline-control-frames-}</em>: only where Lifeline writes through the
 * portable Jakarta API, whose pings block: a small pool, each write bounded, so that no
 * stalled peer holds up the heartbeat.</li>
 * </ul>
 */
@NullMarked
package dev.lifeline.server.engine;

import org.jspecify.annotations.NullMarked;
