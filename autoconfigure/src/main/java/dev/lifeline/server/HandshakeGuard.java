package dev.lifeline.server;

import java.util.Base64;
import java.util.Collection;
import java.util.Map;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.server.ServerHttpRequest;
import org.springframework.http.server.ServerHttpResponse;
import org.springframework.http.server.ServletServerHttpRequest;
import org.springframework.http.server.ServletServerHttpResponse;
import org.springframework.web.socket.WebSocketHandler;
import org.springframework.web.socket.WebSocketHttpHeaders;
import org.springframework.web.socket.server.HandshakeInterceptor;
import org.springframework.web.socket.server.support.OriginHandshakeInterceptor;

/**
 * Checks a handshake before the upgrade: the {@code Origin} against the allowed origins
 * (HTTP 403), the form of the {@code Sec-WebSocket-Key} (HTTP 400), and the registry's
 * capacity and shutdown state (HTTP 503 with {@code Retry-After}). Every refusal is
 * counted by {@link RejectionReason}, including those of the handshake handler that runs
 * after it (wrong method, version or missing key), which it sees as an error status.
 * <p>
 * With no allowed origins configured only same-origin browsers are accepted; clients that
 * send no {@code Origin} header (non-browser clients) are always accepted, since the
 * check exists to stop cross-site WebSocket hijacking from browsers.
 *
 * @author Lifeline contributors
 */
public class HandshakeGuard implements HandshakeInterceptor {

	/**
	 * Name of the request attribute that holds the {@link RejectionReason} of a refused
	 * handshake.
	 */
	public static final String REJECTION_REASON_ATTRIBUTE = RejectionReason.class.getName();

	private static final Log logger = LogFactory.getLog(HandshakeGuard.class);

	private static final String RETRY_AFTER_SECONDS = "5";

	private static final int KEY_LENGTH = 16;

	private final WebSocketSessions sessions;

	private final OriginHandshakeInterceptor origins;

	/**
	 * Create a new guard.
	 * @param sessions the session registry
	 * @param allowedOrigins the allowed origins, in addition to the server's own
	 * @param allowedOriginPatterns the allowed origin patterns
	 */
	public HandshakeGuard(WebSocketSessions sessions, Collection<String> allowedOrigins,
			Collection<String> allowedOriginPatterns) {
		this.sessions = sessions;
		this.origins = new OriginHandshakeInterceptor(allowedOrigins);
		if (!allowedOriginPatterns.isEmpty()) {
			this.origins.setAllowedOriginPatterns(allowedOriginPatterns);
		}
	}

	@Override
	public boolean beforeHandshake(ServerHttpRequest request, ServerHttpResponse response, WebSocketHandler wsHandler,
			Map<String, Object> attributes) throws Exception {
		if (!this.origins.beforeHandshake(request, response, wsHandler, attributes)) {
			reject(RejectionReason.ORIGIN, request);
			return false;
		}
		if (!hasValidKey(request)) {
			response.setStatusCode(HttpStatus.BAD_REQUEST);
			reject(RejectionReason.INVALID_HANDSHAKE, request);
			return false;
		}
		if (this.sessions.isDraining()) {
			serviceUnavailable(response);
			reject(RejectionReason.SHUTDOWN, request);
			return false;
		}
		if (this.sessions.count() >= this.sessions.getSettings().maxSessions()) {
			serviceUnavailable(response);
			reject(RejectionReason.CAPACITY, request);
			return false;
		}
		return true;
	}

	private static boolean hasValidKey(ServerHttpRequest request) {
		String key = request.getHeaders().getFirst(WebSocketHttpHeaders.SEC_WEBSOCKET_KEY);
		if (key == null) {
			return true;
		}
		try {
			return Base64.getDecoder().decode(key.trim()).length == KEY_LENGTH;
		}
		catch (IllegalArgumentException ex) {
			return false;
		}
	}

	private void serviceUnavailable(ServerHttpResponse response) {
		response.setStatusCode(HttpStatus.SERVICE_UNAVAILABLE);
		response.getHeaders().set(HttpHeaders.RETRY_AFTER, RETRY_AFTER_SECONDS);
	}

	private void reject(RejectionReason reason, ServerHttpRequest request) {
		if (request instanceof ServletServerHttpRequest servletRequest) {
			servletRequest.getServletRequest().setAttribute(REJECTION_REASON_ATTRIBUTE, reason);
		}
		this.sessions.rejected(reason);
		if (logger.isDebugEnabled()) {
			logger.debug("Rejected WebSocket handshake from " + request.getRemoteAddress() + ": " + reason);
		}
	}

	@Override
	public void afterHandshake(ServerHttpRequest request, ServerHttpResponse response, WebSocketHandler wsHandler,
			@Nullable Exception exception) {
		if (exception != null || (response instanceof ServletServerHttpResponse servletResponse
				&& servletResponse.getServletResponse().getStatus() >= 400)) {
			reject(RejectionReason.INVALID_HANDSHAKE, request);
		}
	}

}
