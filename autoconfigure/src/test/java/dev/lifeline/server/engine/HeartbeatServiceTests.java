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

package dev.lifeline.server.engine;

import dev.lifeline.server.CloseCause;
import dev.lifeline.server.LifelineSession;
import dev.lifeline.server.OverflowStrategy;
import dev.lifeline.server.SessionClosure;
import dev.lifeline.server.SessionLifecycleListener;
import dev.lifeline.server.SessionSettings;
import dev.lifeline.server.adapter.Connection;
import dev.lifeline.server.adapter.Connections;
import dev.lifeline.test.InMemoryWebSocketSession;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;

import org.springframework.util.unit.DataSize;
import org.springframework.web.socket.CloseStatus;
import org.springframework.web.socket.PingMessage;
import org.springframework.web.socket.WebSocketMessage;
import org.springframework.web.socket.WebSocketSession;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Unit tests for {@link HeartbeatService} on in-memory sessions and a
 * {@link ManualNanoClock}: each test moves the clock tick by tick and sweeps by hand, as
 * the heartbeat's thread would, so neither the machine's speed nor its load changes a
 * reading the heartbeat takes. The sessions stamp their own opening with
 * {@link System#nanoTime()}, which is why the clock starts at the system's reading; where
 * that matters, the tests read the phases the sessions were given instead of assuming
 * them.
 */
class HeartbeatServiceTests {

	private static final Duration INTERVAL = Duration.ofSeconds(25);

	private static final Duration TIMEOUT = Duration.ofSeconds(20);

	private final List<LifelineSession> pinged = new ArrayList<>();

	private final List<SessionClosure> closures = new ArrayList<>();

	private final SessionRegistry sessions = new SessionRegistry(new SessionSettings(20_000, DataSize.ofKilobytes(64),
			DataSize.ofKilobytes(64), Duration.ofSeconds(10), DataSize.ofKilobytes(512), OverflowStrategy.TERMINATE,
			Duration.ofSeconds(1), Duration.ofSeconds(1), Duration.ofSeconds(1)),
			() -> List.of(new SessionLifecycleListener() {

				@Override
				public void pingSent(LifelineSession session) {
					HeartbeatServiceTests.this.pinged.add(session);
				}

				@Override
				public void sessionClosed(LifelineSession session, SessionClosure closed) {
					HeartbeatServiceTests.this.closures.add(closed);
				}

			}), null);

	private final ManualNanoClock clock = ManualNanoClock.startingNow();

	private final HeartbeatService heartbeat = new HeartbeatService(this.sessions, INTERVAL, TIMEOUT, this.clock);

	@Test
	void pingsOfManySessionsOpenedTogetherAreSpreadOverTheInterval() {
		int count = 10_000;
		long start = this.clock.nanoTime();
		openMany(count);
		long[] firstDue = new long[count];
		for (int i = 0; i < count; i++) {
			firstDue[i] = this.sessions.get("s" + i).nextPingNanos;
		}
		long tick = this.heartbeat.getTick().toNanos();
		long second = Duration.ofSeconds(1).toNanos();
		int seconds = (int) INTERVAL.toSeconds() * 2;
		int[] perSecond = new int[seconds];
		long last = start;
		for (long now = start; now < start + seconds * second; now += tick) {
			perSecond[(int) ((now - start) / second)] += sweepAnswered(now).size();
			last = now;
		}
		double average = (double) count / INTERVAL.toSeconds();
		int max = Arrays.stream(perSecond).max().orElseThrow();
		System.out.printf("Ping spread: %d sessions, interval %s, average %.0f/s, busiest second %d/s (%.2fx)%n", count,
				INTERVAL, average, max, max / average);
		assertThat(max).isLessThanOrEqualTo((int) (2 * average));
		// Every session pinged once per interval, first at its own phase: a second time
		// when that falls due by the last sweep, not when it falls due more than a tick
		// after it (a ping goes out up to a tick early), and either way in between.
		long lastSweep = last;
		long surelyTwice = Arrays.stream(firstDue).filter((due) -> due + INTERVAL.toNanos() - lastSweep <= 0).count();
		long atMostTwice = Arrays.stream(firstDue)
			.filter((due) -> due + INTERVAL.toNanos() - lastSweep <= tick)
			.count();
		assertThat(this.pinged.size()).isBetween((int) (count + surelyTwice), (int) (count + atMostTwice));
		assertThat(this.sessions.count()).isEqualTo(count);
	}

	@Test
	void pingsOfOneTickGoOutTogetherNeverLateAndAtMostOneTickEarly() {
		int count = 2_000;
		openMany(count);
		long start = this.clock.nanoTime();
		long tick = this.heartbeat.getTick().toNanos();
		long[] previous = new long[count];
		long shortest = Long.MAX_VALUE;
		long longest = 0;
		for (long now = start; now < start + INTERVAL.toNanos() * 3; now += tick) {
			for (LifelineSession session : sweepAnswered(now)) {
				int index = Integer.parseInt(session.getId().substring(1));
				if (previous[index] != 0) {
					shortest = Math.min(shortest, now - previous[index]);
					longest = Math.max(longest, now - previous[index]);
				}
				previous[index] = now;
			}
		}
		assertThat(this.heartbeat.getTick()).isEqualTo(Duration.ofMillis(500));
		assertThat(shortest).isGreaterThanOrEqualTo(INTERVAL.toNanos() - tick);
		assertThat(longest).isLessThanOrEqualTo(INTERVAL.toNanos());
	}

	@Test
	void firstPingIsNeverLate() {
		InMemoryWebSocketSession delegate = open("one");
		long tick = this.heartbeat.getTick().toNanos();
		long due = this.clock.nanoTime() + INTERVAL.toNanos() / 2;
		// Due just after a tick starts: a visit at the tick after it would be late.
		due = due - Math.floorMod(due, tick) + 1;
		this.sessions.get("one").nextPingNanos = due;
		sweepAt(due);
		assertThat(delegate.sent()).singleElement().isInstanceOf(PingMessage.class);
	}

	@Test
	void pingIsAValidControlFrameCarryingItsSendTime() {
		InMemoryWebSocketSession delegate = open("one");
		sweepAt(this.clock.nanoTime() + INTERVAL.toNanos());
		assertThat(delegate.sent()).hasSize(1);
		WebSocketMessage<?> ping = delegate.sent().get(0);
		assertThat(ping).isInstanceOf(PingMessage.class);
		assertThat(ping.getPayloadLength()).isLessThanOrEqualTo(125);
		assertThat(this.heartbeat.getPingsSent()).isEqualTo(1);
	}

	@Test
	void matchingPongGivesRoundTripTime() {
		InMemoryWebSocketSession delegate = open("one");
		SessionHolder holder = this.sessions.get("one");
		DefaultLifelineSession session = holder.session();
		sweepAt(this.clock.nanoTime() + INTERVAL.toNanos());
		ByteBuffer payload = ((PingMessage) delegate.sent().get(0)).getPayload();
		long sentAt = payload.getLong(0);
		this.heartbeat.pongReceived(holder, payload, sentAt + 3_000_000);
		assertThat(session.getRttNanos()).isEqualTo(3_000_000);
		assertThat(session.getSmoothedRttNanos()).isEqualTo(3_000_000);
		assertThat(session.getLastPongAt()).isNotNull();
	}

	@Test
	void unsolicitedOrMismatchedPongIsLifeButNoSample() {
		open("one");
		SessionHolder holder = this.sessions.get("one");
		DefaultLifelineSession session = holder.session();
		this.heartbeat.pongReceived(holder, ByteBuffer.wrap("hello".getBytes()), this.clock.nanoTime());
		this.heartbeat.pongReceived(holder, ByteBuffer.allocate(8).putLong(0, 42), this.clock.nanoTime());
		assertThat(session.getRttNanos()).isEqualTo(-1);
		assertThat(session.getLastPongAt()).isNotNull();
	}

	@Test
	void connectionPreferringEmptyPingsGetsThemAndTheFirstPongAfterAnswers() {
		InMemoryWebSocketSession delegate = new InMemoryWebSocketSession("empty");
		SessionHolder holder = this.sessions.lifecycle()
			.open(new EmptyPingConnection(Connections.of(delegate)), this.sessions.defaultEndpoint(), "empty", null);
		this.heartbeat.scheduleFirstPing(holder);
		DefaultLifelineSession session = holder.session();
		sweepAt(this.clock.nanoTime() + INTERVAL.toNanos());
		PingMessage ping = (PingMessage) delegate.sent().get(0);
		assertThat(ping.getPayloadLength()).isZero();
		long sentAt = holder.lastPingNanos;
		this.heartbeat.pongReceived(holder, ByteBuffer.wrap("hello".getBytes()), sentAt + 1_000_000);
		assertThat(session.getRttNanos()).isEqualTo(-1);
		this.heartbeat.pongReceived(holder, ByteBuffer.allocate(0), sentAt + 2_000_000);
		assertThat(session.getRttNanos()).isEqualTo(2_000_000);
		this.heartbeat.pongReceived(holder, ByteBuffer.allocate(0), sentAt + 5_000_000);
		assertThat(session.getRttNanos()).isEqualTo(2_000_000);
		assertThat(session.getSmoothedRttNanos()).isEqualTo(2_000_000);
	}

	@Test
	void emptyPongIsLifeButNoSampleAfterAPingWithItsSendTime() {
		InMemoryWebSocketSession delegate = open("one");
		SessionHolder holder = this.sessions.get("one");
		sweepAt(this.clock.nanoTime() + INTERVAL.toNanos());
		assertThat(delegate.sent().get(0).getPayloadLength()).isEqualTo(Long.BYTES);
		this.heartbeat.pongReceived(holder, ByteBuffer.allocate(0), holder.lastPingNanos + 1_000_000);
		assertThat(holder.session().getRttNanos()).isEqualTo(-1);
		assertThat(holder.session().getLastPongAt()).isNotNull();
	}

	@Test
	void silentSessionTimesOutWithinIntervalPlusTimeout() {
		long start = this.clock.nanoTime();
		InMemoryWebSocketSession delegate = open("silent");
		long opened = this.sessions.get("silent").session().getOpenedAtNanos();
		long tick = this.heartbeat.getTick().toNanos();
		AtomicLong closedAt = new AtomicLong();
		for (long now = start; now < start + INTERVAL.plus(TIMEOUT).plusSeconds(5).toNanos(); now += tick) {
			sweepAt(now);
			if (closedAt.get() == 0 && !this.closures.isEmpty()) {
				closedAt.set(now);
			}
		}
		assertThat(closedAt.get()).isNotZero();
		assertThat(Duration.ofNanos(closedAt.get() - opened))
			.isLessThanOrEqualTo(INTERVAL.plus(TIMEOUT).plusSeconds(1));
		SessionClosure closure = this.closures.get(0);
		assertThat(closure.cause()).isEqualTo(CloseCause.HEARTBEAT_TIMEOUT);
		assertThat(closure.code()).isEqualTo(CloseStatus.SESSION_NOT_RELIABLE.getCode());
		assertThat(closure.reason()).contains("heartbeat timeout");
		assertThat(delegate.closeStatus().getCode()).isEqualTo(4500);
		assertThat(this.sessions.count()).isZero();
		assertThat(this.heartbeat.getTimeouts()).isEqualTo(1);
	}

	@Test
	void dataFromThePeerKeepsItAlive() {
		open("chatty");
		DefaultLifelineSession session = this.sessions.get("chatty").session();
		long start = this.clock.nanoTime();
		long tick = this.heartbeat.getTick().toNanos();
		for (long now = start; now < start + INTERVAL.plus(TIMEOUT).multipliedBy(3).toNanos(); now += tick) {
			sweepAt(now);
			// A frame arrives between two sweeps, after any ping this one wrote.
			session.traffic().recordInbound(now + 1, 1, true);
		}
		assertThat(this.closures).isEmpty();
		assertThat(this.sessions.count()).isOne();
	}

	/**
	 * Move the clock to {@code now} and sweep there, as the heartbeat's thread does at
	 * each tick.
	 */
	private void sweepAt(long now) {
		this.clock.set(now);
		this.heartbeat.sweep(now);
	}

	private InMemoryWebSocketSession open(String id) {
		InMemoryWebSocketSession delegate = new InMemoryWebSocketSession(id);
		SessionHolder holder = this.sessions.open(delegate);
		this.heartbeat.scheduleFirstPing(holder);
		return delegate;
	}

	private void openMany(int count) {
		for (int i = 0; i < count; i++) {
			open("s" + i);
		}
	}

	/**
	 * Run one sweep at {@code now} with every session answered.
	 * @return the sessions the sweep pinged
	 */
	private List<LifelineSession> sweepAnswered(long now) {
		int before = this.pinged.size();
		answerAll(now);
		sweepAt(now);
		return this.pinged.subList(before, this.pinged.size());
	}

	/**
	 * A connection like Jetty's, which wants empty pings.
	 */
	private static final class EmptyPingConnection implements Connection {

		private final Connection delegate;

		EmptyPingConnection(Connection delegate) {
			this.delegate = delegate;
		}

		@Override
		public WebSocketSession containerSession() {
			return this.delegate.containerSession();
		}

		@Override
		public void write(WebSocketMessage<?> message, Completion completion) {
			this.delegate.write(message, completion);
		}

		@Override
		public void close(CloseStatus status) {
			this.delegate.close(status);
		}

		@Override
		public void abort(CloseStatus status) {
			this.delegate.abort(status);
		}

		@Override
		public boolean prefersEmptyPings() {
			return true;
		}

	}

	private void answerAll(long now) {
		this.sessions.holders().forEach((holder) -> holder.session().traffic().recordInboundActivity(now));
	}

}
