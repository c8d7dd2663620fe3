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

import java.time.Duration;
import java.util.Arrays;

import dev.lifeline.server.engine.ContainerSessions;
import dev.lifeline.server.LifelineSession;
import dev.lifeline.server.WebSocketSessions;
import dev.lifeline.test.LifelineServerTest;
import dev.lifeline.test.RawWebSocketClient.Frame;
import dev.lifeline.test.RawWebSocketClient;
import org.apache.tomcat.websocket.WsSession;
import org.apache.tomcat.websocket.server.WsServerContainer;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.util.unit.DataSize;
import org.springframework.web.socket.adapter.NativeWebSocketSession;
import org.springframework.web.socket.config.annotation.EnableWebSocket;
import org.springframework.web.socket.config.annotation.WebSocketConfigurer;
import org.springframework.web.socket.config.annotation.WebSocketHandlerRegistry;
import org.springframework.web.socket.handler.TextWebSocketHandler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Tomcat's per-session WebSocket buffers follow {@code lifeline.container.*}, and whole
 * messages up to the maximum sizes still arrive with tiny buffers.
 */
class TomcatWebSocketBuffersTests {

	private static final Duration TIMEOUT = Duration.ofSeconds(10);

	@Nested
	class AutoConfiguration {

		private final WebApplicationContextRunner contextRunner = new WebApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(LifelineAutoConfiguration.class))
			.withBean(TextWebSocketHandler.class);

		@Test
		void appliesToTomcat() {
			this.contextRunner.run((context) -> assertThat(context).hasSingleBean(TomcatWebSocketBuffers.class)
				.doesNotHaveBean(TomcatConnectionBuffers.class));
			this.contextRunner.withPropertyValues("lifeline.container.lean-buffers=true")
				.run((context) -> assertThat(context).hasSingleBean(TomcatWebSocketBuffers.class)
					.hasSingleBean(TomcatConnectionBuffers.class));
		}

		@Test
		void backsOffWithoutTomcat() {
			this.contextRunner.withClassLoader(new FilteredClassLoader(WsServerContainer.class))
				.run((context) -> assertThat(context).hasNotFailed()
					.doesNotHaveBean(TomcatWebSocketBuffers.class)
					.doesNotHaveBean(TomcatConnectionBuffers.class)
					.hasSingleBean(WebSocketSessions.class));
		}

		@Test
		void bindsSizes() {
			this.contextRunner
				.withPropertyValues("lifeline.container.text-buffer-size=2KB",
						"lifeline.container.binary-buffer-size=512B")
				.run((context) -> {
					LifelineProperties.Container container = context.getBean(LifelineProperties.class).getContainer();
					assertThat(container.getTextBufferSize()).isEqualTo(DataSize.ofKilobytes(2));
					assertThat(container.getBinaryBufferSize()).isEqualTo(DataSize.ofBytes(512));
				});
		}

		@Test
		void rejectsZeroSize() {
			this.contextRunner.withPropertyValues("lifeline.container.text-buffer-size=0")
				.run((context) -> assertThat(context).hasFailed()
					.getFailure()
					.rootCause()
					.hasMessageContaining("lifeline.container.text-buffer-size"));
		}

	}

	abstract static class RunningServer {

		@LocalServerPort
		int port;

		@Autowired
		WebSocketSessions sessions;

		WsSession nativeSession() {
			await().atMost(TIMEOUT).until(() -> this.sessions.count() == 1);
			LifelineSession session = this.sessions.stream().findFirst().orElseThrow();
			WsSession wsSession = ((NativeWebSocketSession) ContainerSessions.of(session))
				.getNativeSession(WsSession.class);
			assertThat(wsSession).isNotNull();
			return wsSession;
		}

	}

	@Nested
	@LifelineServerTest
	class Defaults extends RunningServer {

		@Test
		void sessionsGetOneKilobyteBuffersAndEchoTheMaximum() throws Exception {
			try (RawWebSocketClient client = RawWebSocketClient.connect(this.port, "/ws")) {
				WsSession session = nativeSession();
				assertThat(session.getMaxTextMessageBufferSize()).isEqualTo(1024);
				assertThat(session.getMaxBinaryMessageBufferSize()).isEqualTo(1024);
				String text = "x".repeat(64 * 1024);
				client.sendText(text);
				assertThat(client.readMessage(TIMEOUT).text()).isEqualTo(text);
				byte[] binary = new byte[64 * 1024];
				Arrays.fill(binary, (byte) 3);
				client.sendFrame(true, RawWebSocketClient.OP_BINARY, binary);
				assertThat(client.readMessage(TIMEOUT).payload()).isEqualTo(binary);
			}
		}

	}

	@Nested
	@LifelineServerTest(properties = { "lifeline.max-text-message-size=4MB", "lifeline.max-binary-message-size=4MB" })
	class LargeMessageLimits extends RunningServer {

		@Test
		void perSessionBuffersDoNotGrowWithTheMessageLimits() throws Exception {
			try (RawWebSocketClient client = RawWebSocketClient.connect(this.port, "/ws")) {
				WsSession session = nativeSession();
				assertThat(session.getMaxTextMessageBufferSize()).isEqualTo(1024);
				assertThat(session.getMaxBinaryMessageBufferSize()).isEqualTo(1024);
				String text = "x".repeat(1024 * 1024);
				client.sendText(text);
				assertThat(client.readMessage(TIMEOUT).text()).isEqualTo(text);
			}
		}

	}

	@Nested
	@LifelineServerTest(
			properties = { "lifeline.container.text-buffer-size=16B", "lifeline.container.binary-buffer-size=8B",
					"lifeline.max-text-message-size=100KB", "lifeline.max-binary-message-size=100KB" })
	class TinyBuffers extends RunningServer {

		@Test
		void sessionBuffersFollowTheProperties() throws Exception {
			try (RawWebSocketClient client = RawWebSocketClient.connect(this.port, "/ws")) {
				WsSession session = nativeSession();
				assertThat(session.getMaxTextMessageBufferSize()).isEqualTo(16);
				assertThat(session.getMaxBinaryMessageBufferSize()).isEqualTo(8);
			}
		}

		@Test
		void messagesUpToTheMaximumArriveWhole() throws Exception {
			try (RawWebSocketClient client = RawWebSocketClient.connect(this.port, "/ws")) {
				for (int size : new int[] { 1, 16, 17, 65536, 100 * 1024 }) {
					String text = "é".repeat(size / 2) + "a".repeat(size % 2);
					client.sendText(text);
					Frame echo = client.readMessage(TIMEOUT);
					assertThat(echo.opcode()).isEqualTo(RawWebSocketClient.OP_TEXT);
					assertThat(echo.text()).isEqualTo(text);
					byte[] binary = new byte[size];
					Arrays.fill(binary, (byte) 7);
					client.sendFrame(true, RawWebSocketClient.OP_BINARY, binary);
					Frame binaryEcho = client.readMessage(TIMEOUT);
					assertThat(binaryEcho.opcode()).isEqualTo(RawWebSocketClient.OP_BINARY);
					assertThat(binaryEcho.payload()).isEqualTo(binary);
				}
				client.sendText("a".repeat(100 * 1024 + 1));
				assertThat(client.awaitClose(TIMEOUT)).isEqualTo(1009);
			}
		}

	}

	@Nested
	@LifelineServerTest
	@Import(UnmanagedEndpoint.Config.class)
	class UnmanagedEndpoint extends RunningServer {

		@Test
		void containerDefaultsAreKept() throws Exception {
			try (RawWebSocketClient client = RawWebSocketClient.connect(this.port, "/ws")) {
				WsSession session = nativeSession();
				assertThat(session.getMaxTextMessageBufferSize()).isEqualTo(8192);
				assertThat(session.getMaxBinaryMessageBufferSize()).isEqualTo(8192);
			}
		}

		@TestConfiguration(proxyBeanMethods = false)
		@EnableWebSocket
		static class Config implements WebSocketConfigurer {

			@Override
			public void registerWebSocketHandlers(WebSocketHandlerRegistry registry) {
				registry.addHandler(new TextWebSocketHandler(), "/other");
			}

		}

	}

	@Nested
	@LifelineServerTest(
			properties = "server.servlet.context-parameters[org.apache.tomcat.websocket.textBufferSize]=4096")
	class ApplicationSetting extends RunningServer {

		@Test
		void servletContextParameterWins() throws Exception {
			try (RawWebSocketClient client = RawWebSocketClient.connect(this.port, "/ws")) {
				WsSession session = nativeSession();
				assertThat(session.getMaxTextMessageBufferSize()).isEqualTo(4096);
				assertThat(session.getMaxBinaryMessageBufferSize()).isEqualTo(1024);
			}
		}

	}

}
