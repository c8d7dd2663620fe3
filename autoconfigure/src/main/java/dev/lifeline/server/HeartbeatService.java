package dev.lifeline.server;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Executor;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.LongAdder;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.context.SmartLifecycle;
import org.springframework.scheduling.concurrent.ThreadPoolTaskExecutor;
import org.springframework.scheduling.concurrent.ThreadPoolTaskScheduler;
import org.springframework.web.socket.CloseStatus;
import org.springframework.web.socket.PingMessage;

/**
 * Pings every managed session periodically and closes those whose peer stopped answering.
 * <p>
 * Proxies and load balancers cut idle connections, and a peer that vanished without a FIN
 * or RST (a frozen process, a pulled cable, a dropped route) leaves a half-open
 * connection that looks alive for hours. Only traffic finds them: every {@code interval}
 * each session gets a ping carrying its send time, any frame from the peer proves it
 * alive, and a session that stays silent for {@code timeout} after a ping is closed with
 * {@code 4500} and cause {@link CloseCause#HEARTBEAT_TIMEOUT}. Its connection is aborted
 * rather than closed politely, since the peer will not answer a close frame either.
 * <p>
 * Each session pings at its own phase within the interval, so thousands of sessions
 * opened together do not all ping in the same second. Pings are written through the
 * session's send-serialized decorator from a small pool of writer threads, so a ping
 * never interleaves with a data frame and a peer that stopped reading never stalls the
 * sweep.
 *
 * @author Lifeline contributors
 */
public class HeartbeatService implements SmartLifecycle {

	/**
	 * Prefix of the names of the heartbeat's threads.
	 */
	public static final String THREAD_NAME_PREFIX = "lifeline-heartbeat-";

	private static final Log logger = LogFactory.getLog(HeartbeatService.class);

	private static final int PING_PAYLOAD_LENGTH = Long.BYTES;

	private final WebSocketSessions sessions;

	private final Duration interval;

	private final Duration timeout;

	private final long intervalNanos;

	private final long timeoutNanos;

	private final Duration tick;

	private final LongAdder pingsSent = new LongAdder();

	private final LongAdder timeouts = new LongAdder();

	private volatile long lastSweepNanos;

	private volatile @Nullable ThreadPoolTaskScheduler scheduler;

	private final @Nullable Executor pingWriter;

	private volatile @Nullable Executor writers;

	private volatile @Nullable ThreadPoolTaskExecutor ownWriters;

	/**
	 * Create a new heartbeat service.
	 * @param sessions the session registry
	 * @param interval the time between two pings to the same session
	 * @param timeout the longest silence after a ping
	 */
	public HeartbeatService(WebSocketSessions sessions, Duration interval, Duration timeout) {
		this(sessions, interval, timeout, null);
	}

	/**
	 * Create a new heartbeat service that writes pings with the given executor.
	 * @param sessions the session registry
	 * @param interval the time between two pings to the same session
	 * @param timeout the longest silence after a ping
	 * @param pingWriter the executor that writes pings, or {@code null} for a private
	 * pool
	 */
	HeartbeatService(WebSocketSessions sessions, Duration interval, Duration timeout, @Nullable Executor pingWriter) {
		this.pingWriter = pingWriter;
		this.writers = pingWriter;
		this.sessions = sessions;
		this.interval = interval;
		this.timeout = timeout;
		this.intervalNanos = interval.toNanos();
		this.timeoutNanos = timeout.toNanos();
		this.tick = tickFor(interval, timeout);
	}

	/**
	 * The sweep period: fine enough to keep detection within a fraction of a second of
	 * {@code interval + timeout} and to spread pings evenly, coarse enough to cost
	 * nothing.
	 */
	static Duration tickFor(Duration interval, Duration timeout) {
		long millis = Math.min(interval.toMillis(), timeout.toMillis()) / 20;
		return Duration.ofMillis(Math.max(10, Math.min(250, millis)));
	}

	void scheduleFirstPing(LifelineSession session) {
		session.nextPingNanos = session.getOpenedAtNanos() + 1
				+ ThreadLocalRandom.current().nextLong(this.intervalNanos);
	}

	/**
	 * Run one sweep: time out silent sessions and ping those that are due.
	 */
	void sweep() {
		sweep(System.nanoTime());
	}

	void sweep(long now) {
		this.lastSweepNanos = now;
		this.sessions.stream().forEach((session) -> sweep(session, now));
	}

	private void sweep(LifelineSession session, long now) {
		if (session.isFinished() || session.getCloseIntent() != null) {
			return;
		}
		long unanswered = session.unansweredPingNanos;
		if (unanswered != 0 && session.getLastInboundNanos() > unanswered) {
			session.unansweredPingNanos = 0;
			unanswered = 0;
		}
		if (unanswered != 0 && now - unanswered >= this.timeoutNanos) {
			timeOut(session, now);
			return;
		}
		if (now - session.nextPingNanos >= 0) {
			long next = session.nextPingNanos + this.intervalNanos;
			session.nextPingNanos = (now - next >= 0) ? now + this.intervalNanos : next;
			ping(session);
		}
	}

	private void timeOut(LifelineSession session, long now) {
		long blockedMillis = session.getTimeSinceSendStarted();
		if (blockedMillis > 0) {
			this.sessions.terminate(session, CloseStatus.SESSION_NOT_RELIABLE
				.withReason("Send blocked for " + blockedMillis + " ms, ping unanswered"), CloseCause.SLOW_CONSUMER);
			return;
		}
		long silenceMillis = Duration.ofNanos(now - session.getLastInboundNanos()).toMillis();
		String reason = "heartbeat timeout: no frame for " + silenceMillis + " ms";
		this.timeouts.increment();
		this.sessions.terminate(session, CloseStatus.SESSION_NOT_RELIABLE.withReason(reason),
				CloseCause.HEARTBEAT_TIMEOUT);
	}

	private void ping(LifelineSession session) {
		Executor writers = this.writers;
		if (writers == null) {
			return;
		}
		this.pingsSent.increment();
		writers.execute(() -> writePing(session));
		this.sessions.pingSent(session);
	}

	private void writePing(LifelineSession session) {
		if (!session.isOpen() || session.getCloseIntent() != null) {
			return;
		}
		long sentAt = System.nanoTime();
		session.recordPing(sentAt);
		if (session.unansweredPingNanos == 0) {
			session.unansweredPingNanos = sentAt;
		}
		ByteBuffer payload = ByteBuffer.allocate(PING_PAYLOAD_LENGTH).putLong(0, sentAt);
		try {
			session.sendMessage(new PingMessage(payload));
		}
		catch (Exception ex) {
			if (logger.isDebugEnabled()) {
				logger.debug("Failed to ping WebSocket session " + session.getId() + ": " + ex);
			}
		}
	}

	void pongReceived(LifelineSession session, ByteBuffer payload, long receivedAt) {
		long rtt = -1;
		if (payload.remaining() == PING_PAYLOAD_LENGTH) {
			long sentAt = payload.getLong(payload.position());
			if (sentAt == session.getLastPingNanos() && receivedAt - sentAt >= 0) {
				rtt = receivedAt - sentAt;
			}
		}
		session.recordPong(receivedAt, rtt);
		if (rtt >= 0) {
			this.sessions.pongReceived(session, Duration.ofNanos(rtt));
		}
	}

	/**
	 * Return the time between two pings to the same session.
	 * @return the interval
	 */
	public Duration getInterval() {
		return this.interval;
	}

	/**
	 * Return the longest silence allowed after a ping.
	 * @return the timeout
	 */
	public Duration getTimeout() {
		return this.timeout;
	}

	/**
	 * Return the sweep period.
	 * @return the tick
	 */
	public Duration getTick() {
		return this.tick;
	}

	/**
	 * Return the number of pings sent since start.
	 * @return the ping count
	 */
	public long getPingsSent() {
		return this.pingsSent.sum();
	}

	/**
	 * Return the number of sessions closed for a heartbeat timeout since start.
	 * @return the timeout count
	 */
	public long getTimeouts() {
		return this.timeouts.sum();
	}

	/**
	 * Return when the last sweep ran.
	 * @return the time of the last sweep, or {@code null} if none ran yet
	 */
	public @Nullable Instant getLastSweepAt() {
		long nanos = this.lastSweepNanos;
		return (nanos != 0) ? Clocks.toInstant(nanos) : null;
	}

	@Override
	public void start() {
		if (this.pingWriter == null) {
			ThreadPoolTaskExecutor writers = new ThreadPoolTaskExecutor();
			writers.setThreadNamePrefix(THREAD_NAME_PREFIX + "ping-");
			writers.setCorePoolSize(2);
			writers.setMaxPoolSize(2);
			writers.setDaemon(true);
			writers.initialize();
			this.ownWriters = writers;
			this.writers = writers;
		}
		ThreadPoolTaskScheduler scheduler = Schedulers.singleThread(THREAD_NAME_PREFIX);
		this.scheduler = scheduler;
		this.lastSweepNanos = System.nanoTime();
		scheduler.scheduleAtFixedRate(this::safeSweep, this.tick);
	}

	private void safeSweep() {
		try {
			sweep();
		}
		catch (RuntimeException ex) {
			logger.warn("WebSocket heartbeat sweep failed: " + ex, ex);
		}
	}

	@Override
	public void stop() {
		ThreadPoolTaskScheduler scheduler = this.scheduler;
		ThreadPoolTaskExecutor ownWriters = this.ownWriters;
		this.scheduler = null;
		this.ownWriters = null;
		this.writers = this.pingWriter;
		if (scheduler != null) {
			scheduler.shutdown();
		}
		if (ownWriters != null) {
			ownWriters.shutdown();
		}
	}

	@Override
	public boolean isRunning() {
		return this.scheduler != null;
	}

	/**
	 * Stops before the registry drains, so no ping races the shutdown close.
	 * @return the phase
	 */
	@Override
	public int getPhase() {
		return WebSocketSessions.PHASE + 1;
	}

}
