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

package dev.lifeline.autoconfigure;

import dev.lifeline.server.OverflowStrategy;
import dev.lifeline.server.engine.ResumeSettings;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.util.unit.DataSize;

/**
 * Configuration properties for Lifeline's managed WebSocket endpoint.
 *
 * @author Lifeline contributors
 */
@ConfigurationProperties("lifeline")
public class LifelineProperties {

	/**
	 * Smallest Tomcat WebSocket I/O buffer: room for a frame header and a whole control
	 * frame.
	 */
	static final DataSize MIN_IO_BUFFER_SIZE = DataSize.ofBytes(256);

	/**
	 * Smallest connector socket buffer.
	 */
	static final DataSize MIN_SOCKET_BUFFER_SIZE = DataSize.ofBytes(512);

	/**
	 * Whether to map the application's WebSocket handler and manage its sessions.
	 */
	private boolean enabled = true;

	/**
	 * Path at which the application's WebSocket handler accepts upgrades.
	 */
	private String path = "/ws";

	/**
	 * Origins allowed to open a WebSocket, in addition to the server's own origin.
	 */
	private List<String> allowedOrigins = new ArrayList<>();

	/**
	 * Origin patterns allowed to open a WebSocket, such as "https://*.example.com".
	 */
	private List<String> allowedOriginPatterns = new ArrayList<>();

	/**
	 * Maximum number of open sessions; further handshakes are answered with 503.
	 */
	private int maxSessions = 10000;

	/**
	 * Maximum number of open sessions of one authenticated principal; further handshakes
	 * of that principal are answered with 429. Unlimited when unset.
	 */
	private @Nullable Integer maxSessionsPerUser;

	/**
	 * Maximum number of open sessions from one remote address, as resolved by
	 * "server.forward-headers-strategy" behind a proxy; further handshakes from that
	 * address are answered with 429. Unlimited when unset.
	 */
	private @Nullable Integer maxSessionsPerAddress;

	/**
	 * Maximum number of bytes held in partially received messages across all sessions; a
	 * message that would pass it closes its session with 1013.
	 */
	private DataSize maxPendingInbound = DataSize.ofMegabytes(64);

	/**
	 * Maximum number of groups one session may be a member of at once; a further join
	 * throws GroupLimitExceededException.
	 */
	private int maxGroupsPerSession = 100;

	/**
	 * Whether to close sessions with 1008 when the credentials they were opened with end:
	 * the HTTP session of the handshake is invalidated or expires, or the OAuth 2.0 token
	 * of the principal expires.
	 */
	private boolean closeOnCredentialExpiry = true;

	/**
	 * Maximum size of a text message, assembled from partial frames; larger messages
	 * close the session with 1009.
	 */
	private DataSize maxTextMessageSize = DataSize.ofKilobytes(64);

	/**
	 * Maximum size of a binary message, assembled from partial frames; larger messages
	 * close the session with 1009.
	 */
	private DataSize maxBinaryMessageSize = DataSize.ofKilobytes(64);

	/**
	 * Longest time a single send may take before the session is cut off as a slow
	 * consumer.
	 */
	private Duration sendTimeLimit = Duration.ofSeconds(10);

	/**
	 * Most data that may be queued for one session while a send is in progress.
	 */
	private DataSize sendBufferSizeLimit = DataSize.ofKilobytes(512);

	/**
	 * What to do when a session's send buffer limit is exceeded.
	 */
	private OverflowStrategy overflowStrategy = OverflowStrategy.TERMINATE;

	/**
	 * Longest time to wait for a client to answer a close: at shutdown, for the 1001
	 * close, before the connections are aborted; for any other close Lifeline starts,
	 * after the send time limit, before the close is abandoned and its connection
	 * aborted.
	 */
	private Duration shutdownTimeout = Duration.ofSeconds(10);

	/**
	 * How often to look for sessions that closed without the container reporting it.
	 */
	private Duration cleanupInterval = Duration.ofSeconds(1);

	/**
	 * Whether to accept the permessage-deflate extension (RFC 7692) that clients,
	 * browsers included, offer. It compresses messages, but on Tomcat every session that
	 * negotiates it holds a compressor and a decompressor for as long as it is open,
	 * about 85 KB of memory outside the heap and two more I/O buffers of heap. Applies on
	 * Tomcat and Jetty.
	 */
	private boolean perMessageDeflate;

	/**
	 * Managed endpoints, by the bean name of their WebSocketHandler. Each maps its
	 * handler at its own path; what an endpoint does not set comes from "lifeline.*".
	 * When empty, the application's only handler is mapped at "lifeline.path".
	 */
	private final Map<String, Endpoint> endpoints = new LinkedHashMap<>();

	private final Heartbeat heartbeat = new Heartbeat();

	private final RateLimit rateLimit = new RateLimit();

	private final Container container = new Container();

	private final Observations observations = new Observations();

	private final Resume resume = new Resume();

	public boolean isEnabled() {
		return this.enabled;
	}

	public void setEnabled(boolean enabled) {
		this.enabled = enabled;
	}

	public String getPath() {
		return this.path;
	}

	public void setPath(String path) {
		this.path = path;
	}

	public List<String> getAllowedOrigins() {
		return this.allowedOrigins;
	}

	public void setAllowedOrigins(List<String> allowedOrigins) {
		this.allowedOrigins = allowedOrigins;
	}

	public List<String> getAllowedOriginPatterns() {
		return this.allowedOriginPatterns;
	}

	public void setAllowedOriginPatterns(List<String> allowedOriginPatterns) {
		this.allowedOriginPatterns = allowedOriginPatterns;
	}

	public int getMaxSessions() {
		return this.maxSessions;
	}

	public void setMaxSessions(int maxSessions) {
		this.maxSessions = maxSessions;
	}

	public @Nullable Integer getMaxSessionsPerUser() {
		return this.maxSessionsPerUser;
	}

	public void setMaxSessionsPerUser(@Nullable Integer maxSessionsPerUser) {
		this.maxSessionsPerUser = maxSessionsPerUser;
	}

	public @Nullable Integer getMaxSessionsPerAddress() {
		return this.maxSessionsPerAddress;
	}

	public void setMaxSessionsPerAddress(@Nullable Integer maxSessionsPerAddress) {
		this.maxSessionsPerAddress = maxSessionsPerAddress;
	}

	public int getMaxGroupsPerSession() {
		return this.maxGroupsPerSession;
	}

	public void setMaxGroupsPerSession(int maxGroupsPerSession) {
		this.maxGroupsPerSession = maxGroupsPerSession;
	}

	public DataSize getMaxPendingInbound() {
		return this.maxPendingInbound;
	}

	public void setMaxPendingInbound(DataSize maxPendingInbound) {
		this.maxPendingInbound = maxPendingInbound;
	}

	public boolean isCloseOnCredentialExpiry() {
		return this.closeOnCredentialExpiry;
	}

	public void setCloseOnCredentialExpiry(boolean closeOnCredentialExpiry) {
		this.closeOnCredentialExpiry = closeOnCredentialExpiry;
	}

	public DataSize getMaxTextMessageSize() {
		return this.maxTextMessageSize;
	}

	public void setMaxTextMessageSize(DataSize maxTextMessageSize) {
		this.maxTextMessageSize = maxTextMessageSize;
	}

	public DataSize getMaxBinaryMessageSize() {
		return this.maxBinaryMessageSize;
	}

	public void setMaxBinaryMessageSize(DataSize maxBinaryMessageSize) {
		this.maxBinaryMessageSize = maxBinaryMessageSize;
	}

	public Duration getSendTimeLimit() {
		return this.sendTimeLimit;
	}

	public void setSendTimeLimit(Duration sendTimeLimit) {
		this.sendTimeLimit = sendTimeLimit;
	}

	public DataSize getSendBufferSizeLimit() {
		return this.sendBufferSizeLimit;
	}

	public void setSendBufferSizeLimit(DataSize sendBufferSizeLimit) {
		this.sendBufferSizeLimit = sendBufferSizeLimit;
	}

	public OverflowStrategy getOverflowStrategy() {
		return this.overflowStrategy;
	}

	public void setOverflowStrategy(OverflowStrategy overflowStrategy) {
		this.overflowStrategy = overflowStrategy;
	}

	public Duration getShutdownTimeout() {
		return this.shutdownTimeout;
	}

	public void setShutdownTimeout(Duration shutdownTimeout) {
		this.shutdownTimeout = shutdownTimeout;
	}

	public Duration getCleanupInterval() {
		return this.cleanupInterval;
	}

	public void setCleanupInterval(Duration cleanupInterval) {
		this.cleanupInterval = cleanupInterval;
	}

	public boolean isPerMessageDeflate() {
		return this.perMessageDeflate;
	}

	public void setPerMessageDeflate(boolean perMessageDeflate) {
		this.perMessageDeflate = perMessageDeflate;
	}

	public Map<String, Endpoint> getEndpoints() {
		return this.endpoints;
	}

	public Heartbeat getHeartbeat() {
		return this.heartbeat;
	}

	public Container getContainer() {
		return this.container;
	}

	public Resume getResume() {
		return this.resume;
	}

	public Observations getObservations() {
		return this.observations;
	}

	public RateLimit getRateLimit() {
		return this.rateLimit;
	}

	/**
	 * Checks the values that binding alone cannot reject.
	 * @throws InvalidConfigurationPropertyValueException for the first invalid value
	 */
	void validate() {
		requireValidPath("lifeline.path", this.path);
		this.endpoints.forEach((name, endpoint) -> endpoint.validate("lifeline.endpoints." + name + "."));
		requirePositive("lifeline.max-sessions", this.maxSessions);
		if (this.maxSessionsPerUser != null) {
			requirePositive("lifeline.max-sessions-per-user", this.maxSessionsPerUser);
		}
		if (this.maxSessionsPerAddress != null) {
			requirePositive("lifeline.max-sessions-per-address", this.maxSessionsPerAddress);
		}
		requirePositive("lifeline.max-pending-inbound", this.maxPendingInbound);
		requirePositive("lifeline.max-groups-per-session", this.maxGroupsPerSession);
		if (this.rateLimit.getMessagesPerSecond() != null) {
			if (this.rateLimit.getMessagesPerSecond() <= 0) {
				throw new InvalidConfigurationPropertyValueException("lifeline.rate-limit.messages-per-second",
						this.rateLimit.getMessagesPerSecond(),
						"The rate must be greater than zero, for example '20', or unset for no limit.");
			}
			if (this.rateLimit.getBurst() != null) {
				requirePositive("lifeline.rate-limit.burst", this.rateLimit.getBurst());
			}
		}
		requirePositive("lifeline.max-text-message-size", this.maxTextMessageSize);
		requirePositive("lifeline.max-binary-message-size", this.maxBinaryMessageSize);
		requirePositive("lifeline.send-buffer-size-limit", this.sendBufferSizeLimit);
		requirePositive("lifeline.send-time-limit", this.sendTimeLimit);
		requirePositive("lifeline.shutdown-timeout", this.shutdownTimeout);
		requirePositive("lifeline.cleanup-interval", this.cleanupInterval);
		requireIntSized("lifeline.max-text-message-size", this.maxTextMessageSize);
		requireIntSized("lifeline.max-binary-message-size", this.maxBinaryMessageSize);
		requireIntSized("lifeline.send-buffer-size-limit", this.sendBufferSizeLimit);
		requirePositive("lifeline.container.text-buffer-size", this.container.getTextBufferSize());
		requirePositive("lifeline.container.binary-buffer-size", this.container.getBinaryBufferSize());
		requireIntSized("lifeline.container.text-buffer-size", this.container.getTextBufferSize());
		requireIntSized("lifeline.container.binary-buffer-size", this.container.getBinaryBufferSize());
		requireAtLeast("lifeline.container.io-buffer-size", this.container.getIoBufferSize(), MIN_IO_BUFFER_SIZE);
		requireIntSized("lifeline.container.io-buffer-size", this.container.getIoBufferSize());
		requireAtLeast("lifeline.container.socket-read-buffer-size", this.container.getSocketReadBufferSize(),
				MIN_SOCKET_BUFFER_SIZE);
		requireIntSized("lifeline.container.socket-read-buffer-size", this.container.getSocketReadBufferSize());
		requireAtLeast("lifeline.container.socket-write-buffer-size", this.container.getSocketWriteBufferSize(),
				MIN_SOCKET_BUFFER_SIZE);
		requireIntSized("lifeline.container.socket-write-buffer-size", this.container.getSocketWriteBufferSize());
		if (this.heartbeat.isEnabled()) {
			requirePositive("lifeline.heartbeat.interval", this.heartbeat.getInterval());
			requirePositive("lifeline.heartbeat.timeout", this.heartbeat.getTimeout());
		}
		if (this.resume.isEnabled()) {
			requirePositive("lifeline.resume.window", this.resume.getWindow());
			requirePositive("lifeline.resume.buffer-size", this.resume.getBufferSize());
			requirePositive("lifeline.resume.max-buffered", this.resume.getMaxBuffered());
			requirePositive("lifeline.resume.hello-timeout", this.resume.getHelloTimeout());
			requirePositive("lifeline.resume.ack-messages", this.resume.getAckMessages());
			requirePositive("lifeline.resume.ack-bytes", this.resume.getAckBytes());
			requirePositive("lifeline.resume.ack-interval", this.resume.getAckInterval());
			requirePositive("lifeline.resume.ping-interval", this.resume.getPingInterval());
			requirePositive("lifeline.resume.ping-timeout", this.resume.getPingTimeout());
			if (this.resume.getMaxBuffered().compareTo(this.resume.getBufferSize()) < 0) {
				throw new InvalidConfigurationPropertyValueException("lifeline.resume.max-buffered",
						this.resume.getMaxBuffered(), "The total must be at least lifeline.resume.buffer-size ("
								+ this.resume.getBufferSize() + ").");
			}
		}
	}

	private static void requireValidPath(String name, String path) {
		if (!path.startsWith("/") || path.contains("*") || path.contains("?")) {
			throw new InvalidConfigurationPropertyValueException(name, path,
					"The path must start with '/' and contain no wildcards or query, for example '/ws'.");
		}
	}

	private static void requirePositive(String name, int value) {
		if (value <= 0) {
			throw new InvalidConfigurationPropertyValueException(name, value, "The value must be greater than zero.");
		}
	}

	private static void requirePositive(String name, DataSize value) {
		if (value.toBytes() <= 0) {
			throw new InvalidConfigurationPropertyValueException(name, value,
					"The size must be greater than zero, for example '64KB'.");
		}
	}

	private static void requireAtLeast(String name, DataSize value, DataSize minimum) {
		if (value.compareTo(minimum) < 0) {
			throw new InvalidConfigurationPropertyValueException(name, value,
					"The size must be at least " + minimum + ", for example '2KB'.");
		}
	}

	private static void requireIntSized(String name, DataSize value) {
		if (value.toBytes() > Integer.MAX_VALUE - 8) {
			throw new InvalidConfigurationPropertyValueException(name, value, "The size must be less than 2GB.");
		}
	}

	private static void requirePositive(String name, Duration value) {
		if (value.isZero() || value.isNegative()) {
			throw new InvalidConfigurationPropertyValueException(name, value,
					"The duration must be greater than zero, for example '10s' or '500ms'.");
		}
	}

	/**
	 * Properties of one managed endpoint. Unset values come from the "lifeline.*"
	 * properties of the same name.
	 */
	public static class Endpoint {

		/**
		 * Path at which the handler accepts upgrades. Defaults to "lifeline.path".
		 */
		private @Nullable String path;

		/**
		 * Origins allowed to open a WebSocket on this endpoint, in addition to the
		 * server's own origin.
		 */
		private @Nullable List<String> allowedOrigins;

		/**
		 * Origin patterns allowed to open a WebSocket on this endpoint, such as
		 * "https://*.example.com".
		 */
		private @Nullable List<String> allowedOriginPatterns;

		/**
		 * Maximum size of a text message on this endpoint; larger messages close the
		 * session with 1009.
		 */
		private @Nullable DataSize maxTextMessageSize;

		/**
		 * Maximum size of a binary message on this endpoint; larger messages close the
		 * session with 1009.
		 */
		private @Nullable DataSize maxBinaryMessageSize;

		/**
		 * Maximum number of open sessions on this endpoint; further handshakes are
		 * answered with 503.
		 */
		private @Nullable Integer maxSessions;

		/**
		 * Sub-protocols offered, in order of preference; the first one a client also asks
		 * for is selected. None when empty.
		 */
		private List<String> subprotocols = new ArrayList<>();

		public @Nullable String getPath() {
			return this.path;
		}

		public void setPath(@Nullable String path) {
			this.path = path;
		}

		public @Nullable List<String> getAllowedOrigins() {
			return this.allowedOrigins;
		}

		public void setAllowedOrigins(@Nullable List<String> allowedOrigins) {
			this.allowedOrigins = allowedOrigins;
		}

		public @Nullable List<String> getAllowedOriginPatterns() {
			return this.allowedOriginPatterns;
		}

		public void setAllowedOriginPatterns(@Nullable List<String> allowedOriginPatterns) {
			this.allowedOriginPatterns = allowedOriginPatterns;
		}

		public @Nullable DataSize getMaxTextMessageSize() {
			return this.maxTextMessageSize;
		}

		public void setMaxTextMessageSize(@Nullable DataSize maxTextMessageSize) {
			this.maxTextMessageSize = maxTextMessageSize;
		}

		public @Nullable DataSize getMaxBinaryMessageSize() {
			return this.maxBinaryMessageSize;
		}

		public void setMaxBinaryMessageSize(@Nullable DataSize maxBinaryMessageSize) {
			this.maxBinaryMessageSize = maxBinaryMessageSize;
		}

		public @Nullable Integer getMaxSessions() {
			return this.maxSessions;
		}

		public void setMaxSessions(@Nullable Integer maxSessions) {
			this.maxSessions = maxSessions;
		}

		public List<String> getSubprotocols() {
			return this.subprotocols;
		}

		public void setSubprotocols(List<String> subprotocols) {
			this.subprotocols = subprotocols;
		}

		void validate(String prefix) {
			if (this.path != null) {
				requireValidPath(prefix + "path", this.path);
			}
			if (this.maxSessions != null) {
				requirePositive(prefix + "max-sessions", this.maxSessions);
			}
			if (this.maxTextMessageSize != null) {
				requirePositive(prefix + "max-text-message-size", this.maxTextMessageSize);
				requireIntSized(prefix + "max-text-message-size", this.maxTextMessageSize);
			}
			if (this.maxBinaryMessageSize != null) {
				requirePositive(prefix + "max-binary-message-size", this.maxBinaryMessageSize);
				requireIntSized(prefix + "max-binary-message-size", this.maxBinaryMessageSize);
			}
			for (String subprotocol : this.subprotocols) {
				if (!isToken(subprotocol)) {
					throw new InvalidConfigurationPropertyValueException(prefix + "subprotocols", subprotocol,
							"A sub-protocol must be a non-empty HTTP token, for example 'chat.v1'.");
				}
			}
		}

		private static boolean isToken(String value) {
			if (value.isEmpty()) {
				return false;
			}
			for (int i = 0; i < value.length(); i++) {
				char c = value.charAt(i);
				if (c <= 32 || c >= 127 || "()<>@,;:\\\"/[]?={}".indexOf(c) >= 0) {
					return false;
				}
			}
			return true;
		}

	}

	/**
	 * Inbound rate limit properties.
	 */
	public static class RateLimit {

		/**
		 * Data messages one session may send per second, sustained; a session that sends
		 * more is closed with 1008. Pongs and close frames do not count. Unlimited when
		 * unset.
		 */
		private @Nullable Double messagesPerSecond;

		/**
		 * Data messages one session may send at once above the sustained rate. Defaults
		 * to one second's worth of messages.
		 */
		private @Nullable Integer burst;

		public @Nullable Double getMessagesPerSecond() {
			return this.messagesPerSecond;
		}

		public void setMessagesPerSecond(@Nullable Double messagesPerSecond) {
			this.messagesPerSecond = messagesPerSecond;
		}

		public @Nullable Integer getBurst() {
			return this.burst;
		}

		public void setBurst(@Nullable Integer burst) {
			this.burst = burst;
		}

		/**
		 * Return the burst to use: the configured one, or one second's worth of messages.
		 * @return the burst
		 */
		int determineBurst() {
			if (this.burst != null) {
				return this.burst;
			}
			return (this.messagesPerSecond != null) ? (int) Math.max(1, Math.ceil(this.messagesPerSecond)) : 0;
		}

	}

	/**
	 * Resumable session properties: the server side of the {@code lifeline.resume.v1}
	 * sub-protocol, described in {@code docs/resume.md}.
	 */
	public static class Resume {

		/**
		 * Whether to offer resumable sessions to clients that ask for them with the
		 * 'lifeline.resume.v1' sub-protocol.
		 */
		private boolean enabled = true;

		/**
		 * How long a session whose connection dropped is kept for its client to resume
		 * it.
		 */
		private Duration window = Duration.ofMinutes(2);

		/**
		 * Bytes one resumable session may retain, sent but unacknowledged plus queued,
		 * before it ends.
		 */
		private DataSize bufferSize = DataSize.ofKilobytes(256);

		/**
		 * Bytes all detached sessions may retain together; above it the oldest detached
		 * sessions end first.
		 */
		private DataSize maxBuffered = DataSize.ofMegabytes(64);

		/**
		 * How long a resumable connection may take to send its hello or resume.
		 */
		private Duration helloTimeout = Duration.ofSeconds(10);

		/**
		 * Messages after which each side acknowledges what it processed.
		 */
		private int ackMessages = 32;

		/**
		 * Bytes of payload after which each side acknowledges what it processed.
		 */
		private DataSize ackBytes = DataSize.ofKilobytes(16);

		/**
		 * Longest time a processed message stays unacknowledged.
		 */
		private Duration ackInterval = Duration.ofSeconds(1);

		/**
		 * Silence after which clients ping the server with a control message, since
		 * browsers cannot send WebSocket pings.
		 */
		private Duration pingInterval = Duration.ofSeconds(25);

		/**
		 * Silence after a client's ping before the client considers its connection dead
		 * and resumes on a new one.
		 */
		private Duration pingTimeout = Duration.ofSeconds(10);

		public boolean isEnabled() {
			return this.enabled;
		}

		public void setEnabled(boolean enabled) {
			this.enabled = enabled;
		}

		public Duration getWindow() {
			return this.window;
		}

		public void setWindow(Duration window) {
			this.window = window;
		}

		public DataSize getBufferSize() {
			return this.bufferSize;
		}

		public void setBufferSize(DataSize bufferSize) {
			this.bufferSize = bufferSize;
		}

		public DataSize getMaxBuffered() {
			return this.maxBuffered;
		}

		public void setMaxBuffered(DataSize maxBuffered) {
			this.maxBuffered = maxBuffered;
		}

		public Duration getHelloTimeout() {
			return this.helloTimeout;
		}

		public void setHelloTimeout(Duration helloTimeout) {
			this.helloTimeout = helloTimeout;
		}

		public int getAckMessages() {
			return this.ackMessages;
		}

		public void setAckMessages(int ackMessages) {
			this.ackMessages = ackMessages;
		}

		public DataSize getAckBytes() {
			return this.ackBytes;
		}

		public void setAckBytes(DataSize ackBytes) {
			this.ackBytes = ackBytes;
		}

		public Duration getAckInterval() {
			return this.ackInterval;
		}

		public void setAckInterval(Duration ackInterval) {
			this.ackInterval = ackInterval;
		}

		public Duration getPingInterval() {
			return this.pingInterval;
		}

		public void setPingInterval(Duration pingInterval) {
			this.pingInterval = pingInterval;
		}

		public Duration getPingTimeout() {
			return this.pingTimeout;
		}

		public void setPingTimeout(Duration pingTimeout) {
			this.pingTimeout = pingTimeout;
		}

		/**
		 * Return the settings of resumable sessions.
		 * @return the settings
		 */
		ResumeSettings toSettings() {
			return new ResumeSettings(this.window, this.bufferSize.toBytes(), this.maxBuffered.toBytes(),
					this.helloTimeout, this.ackMessages, this.ackBytes.toBytes(), this.ackInterval, this.pingInterval,
					this.pingTimeout);
		}

	}

	/**
	 * Heartbeat properties.
	 */
	public static class Heartbeat {

		/**
		 * Whether to ping every session periodically and close those that stop answering.
		 */
		private boolean enabled = true;

		/**
		 * Time between two pings to the same session.
		 */
		private Duration interval = Duration.ofSeconds(25);

		/**
		 * Longest silence after a ping before the session is closed as dead.
		 */
		private Duration timeout = Duration.ofSeconds(20);

		public boolean isEnabled() {
			return this.enabled;
		}

		public void setEnabled(boolean enabled) {
			this.enabled = enabled;
		}

		public Duration getInterval() {
			return this.interval;
		}

		public void setInterval(Duration interval) {
			this.interval = interval;
		}

		public Duration getTimeout() {
			return this.timeout;
		}

		public void setTimeout(Duration timeout) {
			this.timeout = timeout;
		}

	}

	/**
	 * Servlet container properties: the buffers Tomcat allocates up front for every
	 * connection, which make up most of the memory an idle session takes on a plain HTTP
	 * connector (a TLS connector grows its socket buffers to the TLS record size and adds
	 * the TLS engine's own buffers). Lifeline receives messages in parts and joins them
	 * up to the maximum message sizes, so small buffers cost idle sessions nothing and
	 * large messages only a little more work.
	 * <p>
	 * The message buffers belong to Lifeline's endpoint alone and are lowered by default.
	 * The I/O and socket buffers are shared with the rest of the process (a JVM-wide
	 * system property and the connector that serves all HTTP traffic), so they are
	 * lowered only when {@code lean-buffers} is set. They apply to Tomcat only; Jetty
	 * takes its buffers from a shared pool when data arrives.
	 */
	public static class Container {

		/**
		 * Whether to also lower the buffers Lifeline's endpoint shares with the rest of
		 * the process: Tomcat's WebSocket I/O buffers, through the JVM-wide
		 * 'org.apache.tomcat.websocket.DEFAULT_BUFFER_SIZE' system property, and the
		 * connector's socket buffers, which every HTTP connection uses too.
		 */
		private boolean leanBuffers;

		/**
		 * Number of characters in the buffer Tomcat allocates per session for incoming
		 * text, each taking two bytes of heap (8K characters in Tomcat). Applied only
		 * when the managed path is the application's only WebSocket endpoint and nothing
		 * else has set the container's default, since other endpoints may need whole
		 * messages as large as the buffer.
		 */
		private DataSize textBufferSize = DataSize.ofKilobytes(1);

		/**
		 * Size of the buffer Tomcat allocates per session for incoming binary data (8 KB
		 * in Tomcat). Applied under the same conditions as the text buffer size.
		 */
		private DataSize binaryBufferSize = DataSize.ofKilobytes(1);

		/**
		 * Size of each of the input, output and text-encoding buffers Tomcat allocates
		 * per WebSocket connection (8 KB in Tomcat), applied when lean-buffers is set.
		 * Tomcat reads it from the JVM-wide
		 * 'org.apache.tomcat.websocket.DEFAULT_BUFFER_SIZE' system property, which
		 * Lifeline then sets to this value at startup unless it is already set; it
		 * applies to every Tomcat WebSocket server and client in the JVM, including the
		 * default message buffer sizes of Tomcat WebSocket clients.
		 */
		private DataSize ioBufferSize = DataSize.ofKilobytes(2);

		/**
		 * Size of the read buffer Tomcat's connector allocates per connection, HTTP and
		 * WebSocket alike ('socket.appReadBufSize', 8 KB in Tomcat), applied when
		 * lean-buffers is set. Each read from the network takes at most this many bytes.
		 * A TomcatConnectorCustomizer that sets it wins.
		 */
		private DataSize socketReadBufferSize = DataSize.ofKilobytes(2);

		/**
		 * Size of the write buffer Tomcat's connector allocates per connection
		 * ('socket.appWriteBufSize', 8 KB in Tomcat), applied when lean-buffers is set.
		 * WebSocket frames bypass it; HTTP responses are written through it in chunks of
		 * this size.
		 */
		private DataSize socketWriteBufferSize = DataSize.ofKilobytes(2);

		public boolean isLeanBuffers() {
			return this.leanBuffers;
		}

		public void setLeanBuffers(boolean leanBuffers) {
			this.leanBuffers = leanBuffers;
		}

		public DataSize getTextBufferSize() {
			return this.textBufferSize;
		}

		public void setTextBufferSize(DataSize textBufferSize) {
			this.textBufferSize = textBufferSize;
		}

		public DataSize getBinaryBufferSize() {
			return this.binaryBufferSize;
		}

		public void setBinaryBufferSize(DataSize binaryBufferSize) {
			this.binaryBufferSize = binaryBufferSize;
		}

		public DataSize getIoBufferSize() {
			return this.ioBufferSize;
		}

		public void setIoBufferSize(DataSize ioBufferSize) {
			this.ioBufferSize = ioBufferSize;
		}

		public DataSize getSocketReadBufferSize() {
			return this.socketReadBufferSize;
		}

		public void setSocketReadBufferSize(DataSize socketReadBufferSize) {
			this.socketReadBufferSize = socketReadBufferSize;
		}

		public DataSize getSocketWriteBufferSize() {
			return this.socketWriteBufferSize;
		}

		public void setSocketWriteBufferSize(DataSize socketWriteBufferSize) {
			this.socketWriteBufferSize = socketWriteBufferSize;
		}

	}

	/**
	 * Micrometer Observations of the managed endpoint. Handshakes are always observed,
	 * through the application's observation registry.
	 */
	public static class Observations {

		/**
		 * Whether to observe each inbound message handed to the application's handler, as
		 * a child of its session's handshake observation (a span per message with
		 * tracing).
		 */
		private boolean messages;

		public boolean isMessages() {
			return this.messages;
		}

		public void setMessages(boolean messages) {
			this.messages = messages;
		}

	}

}
