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

import dev.lifeline.server.LifelineSession;
import dev.lifeline.server.RejectionReason;
import dev.lifeline.server.SessionClosure;
import dev.lifeline.server.SessionLifecycleListener;
import dev.lifeline.server.WebSocketResumeRefusedEvent;
import dev.lifeline.server.WebSocketSessionClosedEvent;
import dev.lifeline.server.WebSocketSessionDetachedEvent;
import dev.lifeline.server.WebSocketSessionOpenedEvent;
import dev.lifeline.server.WebSocketSessionResumedEvent;
import java.lang.reflect.Method;
import java.time.Duration;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Supplier;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.task.ThreadPoolTaskExecutorBuilder;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.core.task.TaskRejectedException;
import org.springframework.scheduling.concurrent.ThreadPoolTaskExecutor;
import org.springframework.util.ReflectionUtils;
import org.springframework.util.function.SingletonSupplier;

/**
 * Tells the {@link SessionLifecycleListener}s and the application's event listeners what
 * happens to sessions, without ever running their code on Lifeline's heartbeat or sweep
 * threads: a listener that blocks there would delay the detection of every other dead
 * peer. What happens on those threads is handed to one events thread, in order; what
 * happens on a container or application thread is told on that thread.
 * <p>
 * The events thread's queue is bounded; when it is full, the event is told on the calling
 * thread rather than lost.
 *
 * @author Lifeline contributors
 */
final class SessionEvents {

	/**
	 * Prefix of the name of the events thread.
	 */
	static final String THREAD_NAME_PREFIX = "lifeline-events-";

	private static final Log logger = LogFactory.getLog(SessionEvents.class);

	private static final int QUEUE_CAPACITY = 100_000;

	private static final ThreadLocal<Boolean> WORKER = new ThreadLocal<>();

	private final Supplier<List<SessionLifecycleListener>> listeners;

	private final Supplier<List<SessionLifecycleListener>> pingListeners;

	private final @Nullable ApplicationEventPublisher eventPublisher;

	private final Object source;

	private volatile @Nullable ThreadPoolTaskExecutor executor;

	SessionEvents(Object source, Supplier<List<SessionLifecycleListener>> listeners,
			@Nullable ApplicationEventPublisher eventPublisher) {
		this.source = source;
		this.listeners = SingletonSupplier.of(() -> List.copyOf(listeners.get()));
		this.pingListeners = SingletonSupplier
			.of(() -> this.listeners.get().stream().filter(SessionEvents::overridesPingSent).toList());
		this.eventPublisher = eventPublisher;
	}

	private static boolean overridesPingSent(SessionLifecycleListener listener) {
		Method method = ReflectionUtils.findMethod(listener.getClass(), "pingSent", LifelineSession.class);
		return method != null && method.getDeclaringClass() != SessionLifecycleListener.class;
	}

	/**
	 * Run a task of one of Lifeline's own worker threads (the heartbeat, the sweep), so
	 * that the events it causes are told on the events thread.
	 * @param task the task
	 */
	static void runAsWorker(Runnable task) {
		callAsWorker(() -> {
			task.run();
			return null;
		});
	}

	/**
	 * Call a task of one of Lifeline's own worker threads, so that the events it causes
	 * are told on the events thread.
	 * @param <T> the type of the result
	 * @param task the task
	 * @return its result
	 */
	static <T> T callAsWorker(Supplier<T> task) {
		boolean nested = WORKER.get() != null;
		WORKER.set(Boolean.TRUE);
		try {
			return task.get();
		}
		finally {
			if (!nested) {
				WORKER.remove();
			}
		}
	}

	void opened(LifelineSession session) {
		dispatch(() -> {
			tell(session, (listener) -> listener.sessionOpened(session));
			publish(new WebSocketSessionOpenedEvent(this.source, session), session);
		});
	}

	void closed(LifelineSession session, SessionClosure closure) {
		dispatch(() -> {
			tell(session, (listener) -> listener.sessionClosed(session, closure));
			publish(new WebSocketSessionClosedEvent(this.source, session, closure), session);
		});
	}

	void detached(LifelineSession session) {
		dispatch(() -> {
			tell(session, (listener) -> listener.sessionDetached(session));
			publish(new WebSocketSessionDetachedEvent(this.source, session), session);
		});
	}

	void resumed(LifelineSession session, Duration gap, int replayed) {
		dispatch(() -> {
			tell(session, (listener) -> listener.sessionResumed(session, gap, replayed));
			publish(new WebSocketSessionResumedEvent(this.source, session, gap, replayed), session);
		});
	}

	/**
	 * Tell every listener of something that happened to a session, in order; a listener
	 * that fails is logged and the others are still told.
	 */
	private void tell(LifelineSession session, Consumer<SessionLifecycleListener> call) {
		for (SessionLifecycleListener listener : this.listeners.get()) {
			try {
				call.accept(listener);
			}
			catch (RuntimeException ex) {
				listenerFailed(listener, session, ex);
			}
		}
	}

	void resumeRefused(String sessionId, String reason) {
		dispatch(() -> {
			for (SessionLifecycleListener listener : this.listeners.get()) {
				try {
					listener.resumeRefused(sessionId, reason);
				}
				catch (RuntimeException ex) {
					logger.warn("Session listener " + listener.getClass().getName() + " failed: " + ex);
				}
			}
			if (this.eventPublisher != null) {
				try {
					this.eventPublisher.publishEvent(new WebSocketResumeRefusedEvent(this.source, sessionId, reason));
				}
				catch (RuntimeException ex) {
					logger.warn("Event listener failed for a refused resume: " + ex);
				}
			}
		});
	}

	void pingSent(LifelineSession session) {
		List<SessionLifecycleListener> listeners = this.pingListeners.get();
		if (listeners.isEmpty()) {
			return;
		}
		dispatch(() -> {
			for (SessionLifecycleListener listener : listeners) {
				try {
					listener.pingSent(session);
				}
				catch (RuntimeException ex) {
					listenerFailed(listener, session, ex);
				}
			}
		});
	}

	void pongReceived(LifelineSession session, Duration rtt) {
		for (SessionLifecycleListener listener : this.listeners.get()) {
			try {
				listener.pongReceived(session, rtt);
			}
			catch (RuntimeException ex) {
				listenerFailed(listener, session, ex);
			}
		}
	}

	void rejected(RejectionReason reason) {
		for (SessionLifecycleListener listener : this.listeners.get()) {
			try {
				listener.handshakeRejected(reason);
			}
			catch (RuntimeException ex) {
				logger.warn("Session listener " + listener.getClass().getName() + " failed: " + ex);
			}
		}
	}

	/**
	 * Run a task on the calling thread, or on the events thread when the caller is one of
	 * Lifeline's workers.
	 * @param task the task
	 */
	void dispatch(Runnable task) {
		if (WORKER.get() != null) {
			execute(task);
		}
		else {
			task.run();
		}
	}

	/**
	 * Run a task on the events thread, or on the calling thread when the events thread is
	 * not running or its queue is full.
	 * @param task the task
	 */
	void execute(Runnable task) {
		ThreadPoolTaskExecutor executor = this.executor;
		if (executor != null) {
			try {
				executor.execute(task);
				return;
			}
			catch (TaskRejectedException ex) {
				// Full or stopped: run it here.
			}
		}
		task.run();
	}

	private void publish(Object event, LifelineSession session) {
		if (this.eventPublisher == null) {
			return;
		}
		try {
			this.eventPublisher.publishEvent(event);
		}
		catch (RuntimeException ex) {
			logger.warn("Event listener failed for WebSocket session " + session.getId() + ": " + ex);
		}
	}

	private void listenerFailed(SessionLifecycleListener listener, LifelineSession session, RuntimeException ex) {
		logger.warn("Session listener " + listener.getClass().getName() + " failed for WebSocket session "
				+ session.getId() + ": " + ex);
	}

	void start() {
		ThreadPoolTaskExecutor executor = new ThreadPoolTaskExecutorBuilder().corePoolSize(1)
			.maxPoolSize(1)
			.queueCapacity(QUEUE_CAPACITY)
			.threadNamePrefix(THREAD_NAME_PREFIX)
			.awaitTermination(true)
			.awaitTerminationPeriod(Duration.ofSeconds(1))
			.build();
		executor.setDaemon(true);
		executor.initialize();
		this.executor = executor;
	}

	/**
	 * Stop the events thread after it told what it holds, waiting at most a second.
	 */
	void stop() {
		ThreadPoolTaskExecutor executor = this.executor;
		this.executor = null;
		if (executor != null) {
			executor.shutdown();
		}
	}

}
