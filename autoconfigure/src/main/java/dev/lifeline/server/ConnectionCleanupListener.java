package dev.lifeline.server;

import java.time.Duration;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.context.SmartLifecycle;
import org.springframework.scheduling.concurrent.ThreadPoolTaskScheduler;

/**
 * Logs every close once and periodically sweeps the registry.
 * <p>
 * Normal closes are logged at DEBUG; every other close is one WARN line with the session
 * id, remote address, code, cause, reason and session age, never a stack trace. The sweep
 * cuts off sessions stuck in a send beyond the send time limit and removes sessions whose
 * close the container never reported, counting them as orphans, so the registry cannot
 * grow without bound whatever the container does.
 *
 * @author Lifeline contributors
 */
public class ConnectionCleanupListener implements SessionLifecycleListener, SmartLifecycle {

	/**
	 * Prefix of the name of the sweep's thread.
	 */
	public static final String THREAD_NAME_PREFIX = "lifeline-cleanup-";

	private static final Log logger = LogFactory.getLog(ConnectionCleanupListener.class);

	private final WebSocketSessions sessions;

	private final Duration interval;

	private volatile @Nullable ThreadPoolTaskScheduler scheduler;

	/**
	 * Create a new listener.
	 * @param sessions the registry to sweep
	 * @param interval the sweep interval
	 */
	public ConnectionCleanupListener(WebSocketSessions sessions, Duration interval) {
		this.sessions = sessions;
		this.interval = interval;
	}

	@Override
	public void sessionOpened(LifelineSession session) {
		if (logger.isDebugEnabled()) {
			logger.debug("WebSocket session " + session.getId() + " opened from " + session.getRemoteAddressText());
		}
	}

	@Override
	public void sessionClosed(LifelineSession session, SessionClosure closed) {
		if (closed.cause().isNormal()) {
			if (logger.isDebugEnabled()) {
				logger.debug(describe(closed));
			}
		}
		else if (logger.isWarnEnabled()) {
			logger.warn(describe(closed));
		}
	}

	private static String describe(SessionClosure closed) {
		return "WebSocket session " + closed.sessionId() + " from " + closed.remoteAddress() + " closed: code="
				+ closed.code() + ", cause=" + closed.cause() + ", reason=\"" + closed.reason() + "\", age="
				+ closed.duration().toMillis() + "ms";
	}

	@Override
	public void start() {
		ThreadPoolTaskScheduler scheduler = Schedulers.singleThread(THREAD_NAME_PREFIX);
		this.scheduler = scheduler;
		scheduler.scheduleWithFixedDelay(this::sweep, this.interval);
	}

	private void sweep() {
		try {
			int orphans = this.sessions.sweep();
			if (orphans > 0) {
				logger.warn("Removed " + orphans + " WebSocket session(s) closed without a container callback");
			}
		}
		catch (RuntimeException ex) {
			logger.warn("WebSocket session sweep failed: " + ex, ex);
		}
	}

	@Override
	public void stop() {
		ThreadPoolTaskScheduler scheduler = this.scheduler;
		this.scheduler = null;
		if (scheduler != null) {
			scheduler.shutdown();
		}
	}

	@Override
	public boolean isRunning() {
		return this.scheduler != null;
	}

	@Override
	public int getPhase() {
		return WebSocketSessions.PHASE - 1;
	}

}
