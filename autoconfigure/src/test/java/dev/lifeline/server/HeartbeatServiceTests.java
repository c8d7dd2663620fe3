package dev.lifeline.server;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import dev.lifeline.test.InMemoryWebSocketSession;
import org.junit.jupiter.api.Test;

import org.springframework.util.unit.DataSize;
import org.springframework.web.socket.CloseStatus;
import org.springframework.web.socket.PingMessage;
import org.springframework.web.socket.WebSocketMessage;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Unit tests for {@link HeartbeatService} on in-memory sessions with a virtual clock.
 */
class HeartbeatServiceTests {

	private static final Duration INTERVAL = Duration.ofSeconds(25);

	private static final Duration TIMEOUT = Duration.ofSeconds(20);

	private final List<LifelineSession> pinged = new ArrayList<>();

	private final List<SessionClosure> closures = new ArrayList<>();

	private final WebSocketSessions sessions = new WebSocketSessions(new SessionSettings(20_000,
			DataSize.ofKilobytes(64), DataSize.ofKilobytes(64), Duration.ofSeconds(10), DataSize.ofKilobytes(512),
			OverflowStrategy.TERMINATE, Duration.ofSeconds(1), Duration.ofSeconds(1), Duration.ofSeconds(1)),
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

	private final HeartbeatService heartbeat = new HeartbeatService(this.sessions, INTERVAL, TIMEOUT);

	@Test
	void pingsOfManySessionsOpenedTogetherAreSpreadOverTheInterval() {
		int count = 10_000;
		openMany(count);
		long start = System.nanoTime();
		long tick = this.heartbeat.getTick().toNanos();
		long second = Duration.ofSeconds(1).toNanos();
		int seconds = (int) INTERVAL.toSeconds() * 2;
		int[] perSecond = new int[seconds];
		for (long now = start; now < start + seconds * second; now += tick) {
			perSecond[(int) ((now - start) / second)] += sweepAnswered(now).size();
		}
		double average = (double) count / INTERVAL.toSeconds();
		int max = Arrays.stream(perSecond).max().orElseThrow();
		System.out.printf("Ping spread: %d sessions, interval %s, average %.0f/s, busiest second %d/s (%.2fx)%n", count,
				INTERVAL, average, max, max / average);
		assertThat(max).isLessThanOrEqualTo((int) (2 * average));
		// Every session pinged once per interval; those whose phase falls in the last
		// tick roll over.
		assertThat(this.pinged.size()).isBetween(count * 2 - (int) average, count * 2);
		assertThat(this.sessions.count()).isEqualTo(count);
	}

	@Test
	void pingsOfOneTickGoOutTogetherNeverLateAndAtMostOneTickEarly() {
		int count = 2_000;
		openMany(count);
		long start = System.nanoTime();
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
		long due = System.nanoTime() + INTERVAL.toNanos() / 2;
		// Due just after a tick starts: a visit at the tick after it would be late.
		due = due - Math.floorMod(due, tick) + 1;
		this.sessions.get("one").nextPingNanos = due;
		this.heartbeat.sweep(due);
		assertThat(delegate.sent()).singleElement().isInstanceOf(PingMessage.class);
	}

	@Test
	void pingIsAValidControlFrameCarryingItsSendTime() {
		InMemoryWebSocketSession delegate = open("one");
		this.heartbeat.sweep(System.nanoTime() + INTERVAL.toNanos());
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
		LifelineSession session = holder.session();
		this.heartbeat.sweep(System.nanoTime() + INTERVAL.toNanos());
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
		LifelineSession session = holder.session();
		this.heartbeat.pongReceived(holder, ByteBuffer.wrap("hello".getBytes()), System.nanoTime());
		this.heartbeat.pongReceived(holder, ByteBuffer.allocate(8).putLong(0, 42), System.nanoTime());
		assertThat(session.getRttNanos()).isEqualTo(-1);
		assertThat(session.getLastPongAt()).isNotNull();
	}

	@Test
	void silentSessionTimesOutWithinIntervalPlusTimeout() {
		InMemoryWebSocketSession delegate = open("silent");
		long start = System.nanoTime();
		long tick = this.heartbeat.getTick().toNanos();
		AtomicLong closedAt = new AtomicLong();
		for (long now = start; now < start + INTERVAL.plus(TIMEOUT).plusSeconds(5).toNanos(); now += tick) {
			this.heartbeat.sweep(now);
			if (closedAt.get() == 0 && !this.closures.isEmpty()) {
				closedAt.set(now);
			}
		}
		assertThat(closedAt.get()).isNotZero();
		assertThat(Duration.ofNanos(closedAt.get() - start)).isLessThanOrEqualTo(INTERVAL.plus(TIMEOUT).plusSeconds(1));
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
		LifelineSession session = this.sessions.find("chatty").orElseThrow();
		long start = System.nanoTime();
		long tick = this.heartbeat.getTick().toNanos();
		for (long now = start; now < start + INTERVAL.plus(TIMEOUT).multipliedBy(3).toNanos(); now += tick) {
			this.heartbeat.sweep(now);
			session.recordInbound(Math.max(now, System.nanoTime()), 1, true);
		}
		assertThat(this.closures).isEmpty();
		assertThat(this.sessions.count()).isOne();
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
		this.heartbeat.sweep(now);
		return this.pinged.subList(before, this.pinged.size());
	}

	private void answerAll(long now) {
		this.sessions.stream().forEach((session) -> session.recordInboundActivity(now));
	}

}
