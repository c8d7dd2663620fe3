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
import dev.lifeline.server.SessionClosure;
import dev.lifeline.server.SessionLifecycleListener;
import java.security.Principal;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledFuture;
import java.util.function.Function;

import jakarta.servlet.http.HttpSessionEvent;
import jakarta.servlet.http.HttpSessionListener;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.context.SmartLifecycle;
import org.springframework.scheduling.concurrent.ThreadPoolTaskScheduler;
import org.springframework.util.ClassUtils;
import org.springframework.web.socket.CloseStatus;
import org.springframework.web.socket.server.support.HttpSessionHandshakeInterceptor;

/**
 * Closes sessions when the credentials they were opened with end, with {@code 1008} and
 * {@link CloseCause#CREDENTIALS_EXPIRED}: when the HTTP session of the handshake ends
 * (logout, invalidation or expiry), and when the principal's credentials expire, such as
 * the token of a Spring Security {@code JwtAuthenticationToken}.
 * <p>
 * A WebSocket outlives the HTTP request that opened it, so nothing else ends it when the
 * user logs out: the container reports the end of an HTTP session to this
 * {@link HttpSessionListener}, Spring Session and Spring Security through
 * {@link #httpSessionEnded(String)}. The HTTP session of a handshake is the one
 * {@link HttpSessionHandshakeInterceptor} records.
 *
 * @author Lifeline contributors
 */
public class CredentialExpiry implements SessionLifecycleListener, HttpSessionListener, SmartLifecycle {

	private static final Log logger = LogFactory.getLog(CredentialExpiry.class);

	private static final CloseStatus SESSION_ENDED = CloseStatus.POLICY_VIOLATION.withReason("HTTP session ended");

	private static final CloseStatus CREDENTIALS_EXPIRED = CloseStatus.POLICY_VIOLATION
		.withReason("Credentials expired");

	private final SessionRegistry sessions;

	private final Function<Principal, @Nullable Instant> expiry;

	private final Map<String, Set<String>> byHttpSession = new ConcurrentHashMap<>();

	/**
	 * The scheduled expiry of each session whose credentials expire, by session id.
	 */
	private final Map<String, ScheduledFuture<?>> expiries = new ConcurrentHashMap<>();

	private final PrivateScheduler scheduler = new PrivateScheduler("lifeline-credentials-");

	/**
	 * Create a new instance that reads the expiry of Spring Security's OAuth 2.0 token
	 * authentications when Spring Security's resource server support is present.
	 * @param sessions the session registry
	 */
	public CredentialExpiry(SessionRegistry sessions) {
		this(sessions, ClassUtils.isPresent(OAuth2TokenExpiry.TOKEN_CLASS, CredentialExpiry.class.getClassLoader())
				? OAuth2TokenExpiry::expiresAt : (principal) -> null);
	}

	/**
	 * Create a new instance.
	 * @param sessions the session registry
	 * @param expiry tells when a principal's credentials expire, or returns {@code null}
	 * when they do not
	 */
	public CredentialExpiry(SessionRegistry sessions, Function<Principal, @Nullable Instant> expiry) {
		this.sessions = sessions;
		this.expiry = expiry;
	}

	@Override
	public void sessionOpened(LifelineSession session) {
		if (session.getAttributes()
			.get(HttpSessionHandshakeInterceptor.HTTP_SESSION_ID_ATTR_NAME) instanceof String id) {
			this.byHttpSession.computeIfAbsent(id, (key) -> ConcurrentHashMap.newKeySet()).add(session.getId());
		}
		arm(session);
	}

	/**
	 * A resumed session's expiry is armed again from the credentials of the connection it
	 * resumed on: the same principal, perhaps with a new token.
	 */
	@Override
	public void sessionResumed(LifelineSession session, Duration gap, int replayed) {
		ScheduledFuture<?> previous = this.expiries.remove(session.getId());
		if (previous != null) {
			previous.cancel(false);
		}
		arm(session);
	}

	/**
	 * Schedule the close of a session for when the credentials of its principal expire,
	 * if they do.
	 */
	private void arm(LifelineSession session) {
		Principal principal = session.getPrincipal();
		Instant expiresAt = (principal != null) ? this.expiry.apply(principal) : null;
		ThreadPoolTaskScheduler scheduler = this.scheduler.getIfRunning();
		if (expiresAt != null && scheduler != null) {
			String id = session.getId();
			this.expiries.put(id, scheduler.schedule(() -> expire(id, expiresAt), expiresAt));
		}
	}

	@Override
	public void sessionClosed(LifelineSession session, SessionClosure closed) {
		if (session.getAttributes()
			.get(HttpSessionHandshakeInterceptor.HTTP_SESSION_ID_ATTR_NAME) instanceof String id) {
			this.byHttpSession.computeIfPresent(id, (key, ids) -> {
				ids.remove(session.getId());
				return ids.isEmpty() ? null : ids;
			});
		}
		ScheduledFuture<?> future = this.expiries.remove(session.getId());
		if (future != null) {
			future.cancel(false);
		}
	}

	@Override
	public void sessionDestroyed(HttpSessionEvent event) {
		httpSessionEnded(event.getSession().getId());
	}

	/**
	 * Close the sessions opened under an HTTP session that ended.
	 * @param httpSessionId the id of the HTTP session
	 */
	public void httpSessionEnded(String httpSessionId) {
		Set<String> ids = this.byHttpSession.remove(httpSessionId);
		if (ids != null) {
			for (String id : ids) {
				if (closeLocally(id, SESSION_ENDED) && logger.isDebugEnabled()) {
					logger.debug("Closed WebSocket session " + id + ": its HTTP session ended");
				}
			}
		}
	}

	private void expire(String id, Instant expiresAt) {
		this.expiries.remove(id);
		if (closeLocally(id, CREDENTIALS_EXPIRED) && logger.isDebugEnabled()) {
			logger.debug("Closed WebSocket session " + id + ": its credentials expired at " + expiresAt);
		}
	}

	private boolean closeLocally(String id, CloseStatus status) {
		SessionHolder holder = this.sessions.get(id);
		if (holder == null) {
			return false;
		}
		this.sessions.closing().close(holder, status, CloseCause.CREDENTIALS_EXPIRED);
		return true;
	}

	/**
	 * Return how many HTTP sessions have WebSocket sessions open under them.
	 * @return the HTTP session count
	 */
	public int getHttpSessionCount() {
		return this.byHttpSession.size();
	}

	@Override
	public void start() {
		this.scheduler.start();
	}

	@Override
	public void stop() {
		this.scheduler.stop();
	}

	@Override
	public boolean isRunning() {
		return this.scheduler.isRunning();
	}

	/**
	 * Start before the web server accepts the first handshake (Boot starts it in phase
	 * {@code DEFAULT_PHASE - 2048}) and stop after it stopped, so that no session opens
	 * without its expiry being scheduled.
	 * @return the phase
	 */
	@Override
	public int getPhase() {
		return SmartLifecycle.DEFAULT_PHASE - 4096;
	}

}
