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

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.lifeline.test.EchoTestApplication;
import dev.lifeline.test.LifelineServerTest;
import dev.lifeline.test.RawWebSocketClient;
import org.apache.catalina.connector.Connector;
import org.apache.tomcat.websocket.WsWebSocketContainer;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.boot.tomcat.TomcatConnectorCustomizer;
import org.springframework.boot.tomcat.TomcatWebServer;
import org.springframework.boot.web.server.WebServer;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ApplicationListener;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.util.unit.DataSize;
import org.springframework.web.socket.client.standard.StandardWebSocketClient;
import org.springframework.web.socket.config.annotation.EnableWebSocket;
import org.springframework.web.socket.config.annotation.WebSocketConfigurer;
import org.springframework.web.socket.config.annotation.WebSocketHandlerRegistry;
import org.springframework.web.socket.handler.TextWebSocketHandler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Without {@code lifeline.container.lean-buffers} Lifeline leaves the JVM-wide Tomcat
 * WebSocket buffer size and the connector alone; with it, Tomcat's per-connection buffers
 * follow {@code lifeline.container.io-buffer-size} and the socket buffer sizes, and
 * messages of every size still arrive whole.
 */
class TomcatConnectionBuffersTests {

	private static final Duration TIMEOUT = Duration.ofSeconds(10);

	@Nested
	class AutoConfiguration {

		private final WebApplicationContextRunner contextRunner = new WebApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(LifelineAutoConfiguration.class))
			.withBean(TextWebSocketHandler.class);

		@Test
		void leanBuffersAreOffByDefault() {
			this.contextRunner.run((context) -> {
				assertThat(context.getBean(LifelineProperties.class).getContainer().isLeanBuffers()).isFalse();
				assertThat(context).doesNotHaveBean(TomcatConnectionBuffers.class)
					.hasSingleBean(LeanBuffersAdvisor.class);
			});
		}

		@Test
		void leanBuffersCustomizeTomcat() {
			this.contextRunner.withPropertyValues("lifeline.container.lean-buffers=true")
				.run((context) -> assertThat(context).hasSingleBean(TomcatConnectionBuffers.class)
					.doesNotHaveBean(LeanBuffersAdvisor.class));
		}

		@Test
		void defaultsAreTwoKilobytes() {
			this.contextRunner.run((context) -> {
				LifelineProperties.Container container = context.getBean(LifelineProperties.class).getContainer();
				assertThat(container.getIoBufferSize()).isEqualTo(DataSize.ofKilobytes(2));
				assertThat(container.getSocketReadBufferSize()).isEqualTo(DataSize.ofKilobytes(2));
				assertThat(container.getSocketWriteBufferSize()).isEqualTo(DataSize.ofKilobytes(2));
			});
		}

		@Test
		void bindsSizes() {
			this.contextRunner
				.withPropertyValues("lifeline.container.io-buffer-size=4KB",
						"lifeline.container.socket-read-buffer-size=16KB",
						"lifeline.container.socket-write-buffer-size=1KB")
				.run((context) -> {
					LifelineProperties.Container container = context.getBean(LifelineProperties.class).getContainer();
					assertThat(container.getIoBufferSize()).isEqualTo(DataSize.ofKilobytes(4));
					assertThat(container.getSocketReadBufferSize()).isEqualTo(DataSize.ofKilobytes(16));
					assertThat(container.getSocketWriteBufferSize()).isEqualTo(DataSize.ofKilobytes(1));
				});
		}

		@Test
		void rejectsAnIoBufferTooSmallForAControlFrame() {
			this.contextRunner.withPropertyValues("lifeline.container.io-buffer-size=100B")
				.run((context) -> assertThat(context).hasFailed()
					.getFailure()
					.rootCause()
					.hasMessageContaining("lifeline.container.io-buffer-size")
					.hasMessageContaining("at least 256B"));
		}

		@Test
		void rejectsAZeroSocketBuffer() {
			this.contextRunner.withPropertyValues("lifeline.container.socket-write-buffer-size=0")
				.run((context) -> assertThat(context).hasFailed()
					.getFailure()
					.rootCause()
					.hasMessageContaining("lifeline.container.socket-write-buffer-size"));
		}

	}

	abstract static class RunningServer {

		@Autowired
		WebServerApplicationContext context;

		String connectorProperty(String name) {
			Connector connector = ((TomcatWebServer) this.context.getWebServer()).getTomcat().getConnector();
			return String.valueOf(connector.getProperty(name));
		}

	}

	@Nested
	@LifelineServerTest
	class Defaults extends RunningServer {

		@Test
		void socketBuffersAreTomcats() {
			assertThat(connectorProperty("socket.appReadBufSize")).isEqualTo("8192");
			assertThat(connectorProperty("socket.appWriteBufSize")).isEqualTo("8192");
		}

	}

	/**
	 * The in-process servers with lean buffers keep the I/O buffer size at Tomcat's own,
	 * since the system property they set outlives them and would otherwise change the
	 * buffers of every later test in this JVM.
	 */
	@Nested
	@LifelineServerTest(
			properties = { "lifeline.container.lean-buffers=true", "lifeline.container.io-buffer-size=8KB" })
	class Lean extends RunningServer {

		@Test
		void socketBuffersAreTwoKilobytes() {
			assertThat(connectorProperty("socket.appReadBufSize")).isEqualTo("2048");
			assertThat(connectorProperty("socket.appWriteBufSize")).isEqualTo("2048");
		}

	}

	@Nested
	@LifelineServerTest(properties = { "lifeline.container.lean-buffers=true", "lifeline.container.io-buffer-size=8KB",
			"lifeline.container.socket-read-buffer-size=8KB", "lifeline.container.socket-write-buffer-size=16KB" })
	class Overridden extends RunningServer {

		@Test
		void socketBuffersFollowTheProperties() {
			assertThat(connectorProperty("socket.appReadBufSize")).isEqualTo("8192");
			assertThat(connectorProperty("socket.appWriteBufSize")).isEqualTo("16384");
		}

	}

	@Nested
	@LifelineServerTest(
			properties = { "lifeline.container.lean-buffers=true", "lifeline.container.io-buffer-size=8KB" })
	@Import(ApplicationConnectorCustomizer.Config.class)
	class ApplicationConnectorCustomizer extends RunningServer {

		@Test
		void applicationSettingWinsEvenWhenItIsTomcatsDefault() {
			assertThat(connectorProperty("socket.appReadBufSize")).isEqualTo("8192");
			assertThat(connectorProperty("socket.appWriteBufSize")).isEqualTo("32768");
			assertThat(connectorProperty("socket.appReadBufSize")).isNotEqualTo("2048");
		}

		@TestConfiguration(proxyBeanMethods = false)
		static class Config {

			@Bean
			TomcatConnectorCustomizer tomcatReadBuffer() {
				return (connector) -> connector.setProperty("socket.appReadBufSize", "8192");
			}

			@Bean
			TomcatConnectorCustomizer largeWriteBuffer() {
				return (connector) -> connector.setProperty("socket.appWriteBufSize", "32768");
			}

		}

	}

	/**
	 * Tomcat reads its WebSocket buffer size once per JVM, so each case starts the
	 * application in a JVM of its own.
	 */
	@Nested
	class IoBufferSize {

		private static final String LEAN = "--lifeline.container.lean-buffers=true";

		private static final String IO_BUFFER_SIZE = TomcatConnectionBuffers.IO_BUFFER_SIZE_PROPERTY;

		@Test
		void defaultChangesNothingOutsideLifelinesEndpoint() throws Exception {
			try (ForkedServer server = ForkedServer.start("--spring.main.sources=" + ContainerReport.class.getName())) {
				assertThat(server.output()).noneSatisfy((line) -> assertThat(line).contains("Set org.apache.tomcat"));
				awaitReport(server, "null", 8192, "8192");
			}
		}

		@Test
		void leanBuffersAreTwoKilobytesAndMessagesOfEverySizeArriveWhole() throws Exception {
			try (ForkedServer server = ForkedServer.start(LEAN,
					"--spring.main.sources=" + ContainerReport.class.getName())) {
				awaitReport(server, "2048", 2048, "2048");
				assertThat(server.output()).anySatisfy((line) -> assertThat(line).contains(
						"Set org.apache.tomcat.websocket.DEFAULT_BUFFER_SIZE=2048 (lifeline.container.io-buffer-size)"));
				try (RawWebSocketClient client = RawWebSocketClient.connect(server.port(), "/ws")) {
					for (int size : new int[] { 1, 2047, 2048, 2049, 4096, 65536 }) {
						String message = "é".repeat(size / 2) + "a".repeat(size % 2);
						client.sendText(message);
						assertThat(client.readMessage(TIMEOUT).text()).isEqualTo(message);
						byte[] binary = new byte[size];
						Arrays.fill(binary, (byte) 5);
						client.sendFrame(true, RawWebSocketClient.OP_BINARY, binary);
						assertThat(client.readMessage(TIMEOUT).payload()).isEqualTo(binary);
					}
					client.sendText("a".repeat(65537));
					assertThat(client.awaitClose(TIMEOUT)).isEqualTo(1009);
				}
			}
		}

		@Test
		void propertyRestoresTomcatsDefault() throws Exception {
			try (ForkedServer server = ForkedServer.start(LEAN, "--lifeline.container.io-buffer-size=8KB",
					"--spring.main.sources=" + ContainerReport.class.getName())) {
				awaitReport(server, "8192", 8192, "2048");
			}
		}

		@Test
		void systemPropertySetForTheJvmIsKept() throws Exception {
			try (ForkedServer server = ForkedServer.start(LEAN, "-D" + IO_BUFFER_SIZE + "=16384",
					"--spring.main.sources=" + ContainerReport.class.getName())) {
				awaitReport(server, "16384", 16384, "2048");
				assertThat(server.output()).noneSatisfy((line) -> assertThat(line).contains("Set org.apache.tomcat"));
			}
		}

		@Test
		void otherEndpointsKeepWholeMessagesOfTomcatsDefaultSize() throws Exception {
			try (ForkedServer server = ForkedServer.start(LEAN,
					"--spring.main.sources=" + OtherEndpointConfig.class.getName())) {
				assertThat(server.output()).anySatisfy(
						(line) -> assertThat(line).contains("Keeping Tomcat's default WebSocket message buffer sizes"));
				assertThat(server.output())
					.anySatisfy((line) -> assertThat(line).contains("WebSocket client beans [webSocketClient]")
						.contains("2048-byte message buffers"));
				try (RawWebSocketClient client = RawWebSocketClient.connect(server.port(), "/other")) {
					// Whole-message delivery: it needs an 8 KB message buffer, not the 2
					// KB I/O size.
					String text = "x".repeat(8192);
					client.sendText(text);
					assertThat(client.readMessage(TIMEOUT).text()).isEqualTo(text);
				}
			}
		}

		private void awaitReport(ForkedServer server, String systemProperty, int tomcatBufferSize,
				String socketBufferSize) {
			await().atMost(TIMEOUT)
				.untilAsserted(() -> assertThat(server.output()).contains(
						ContainerReport.PREFIX + IO_BUFFER_SIZE + "=" + systemProperty,
						ContainerReport.PREFIX + "tomcat.bufferSize=" + tomcatBufferSize,
						ContainerReport.PREFIX + "socket.appReadBufSize=" + socketBufferSize,
						ContainerReport.PREFIX + "socket.appWriteBufSize=" + socketBufferSize));
		}

	}

	/**
	 * A second WebSocket endpoint that Lifeline does not manage, and a WebSocket client
	 * bean, for a forked application.
	 */
	@Configuration(proxyBeanMethods = false)
	@EnableWebSocket
	public static class OtherEndpointConfig implements WebSocketConfigurer {

		@Override
		public void registerWebSocketHandlers(WebSocketHandlerRegistry registry) {
			registry.addHandler(new EchoTestApplication.EchoHandler(), "/other");
		}

		@Bean
		StandardWebSocketClient webSocketClient() {
			return new StandardWebSocketClient();
		}

	}

	/**
	 * Prints, for a forked application, the JVM-wide system property, the WebSocket
	 * buffer size Tomcat took from it and the connector's socket buffer sizes once the
	 * application is ready.
	 */
	@Configuration(proxyBeanMethods = false)
	public static class ContainerReport {

		static final String PREFIX = "container-report: ";

		@Bean
		ApplicationListener<ApplicationReadyEvent> containerReport() {
			return (event) -> {
				WebServer webServer = ((WebServerApplicationContext) event.getApplicationContext()).getWebServer();
				Connector connector = ((TomcatWebServer) webServer).getTomcat().getConnector();
				System.out.println(PREFIX + TomcatConnectionBuffers.IO_BUFFER_SIZE_PROPERTY + "="
						+ System.getProperty(TomcatConnectionBuffers.IO_BUFFER_SIZE_PROPERTY));
				// A new container starts from the size Tomcat read from the property.
				System.out.println(PREFIX + "tomcat.bufferSize="
						+ new WsWebSocketContainer().getDefaultMaxTextMessageBufferSize());
				for (String name : List.of("socket.appReadBufSize", "socket.appWriteBufSize")) {
					System.out.println(PREFIX + name + "=" + connector.getProperty(name));
				}
			};
		}

	}

	/**
	 * {@link EchoTestApplication} in a JVM of its own, on a free port.
	 */
	static final class ForkedServer implements AutoCloseable {

		private static final Pattern STARTED = Pattern.compile("Tomcat started on port (\\d+)");

		private final Process process;

		private final List<String> output = new CopyOnWriteArrayList<>();

		private volatile int port;

		private ForkedServer(Process process) {
			this.process = process;
			Thread reader = new Thread(this::readOutput, "forked-server-output");
			reader.setDaemon(true);
			reader.start();
		}

		static ForkedServer start(String... arguments) {
			List<String> command = new ArrayList<>();
			command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
			command.addAll(Arrays.stream(arguments).filter((argument) -> argument.startsWith("-D")).toList());
			command.addAll(List.of("-Xmx256m", "-XX:TieredStopAtLevel=1", "-cp", System.getProperty("java.class.path"),
					EchoTestApplication.class.getName(), "--server.port=0", "--server.address=127.0.0.1",
					"--spring.main.banner-mode=off"));
			command.addAll(Arrays.stream(arguments).filter((argument) -> argument.startsWith("--")).toList());
			try {
				ForkedServer server = new ForkedServer(new ProcessBuilder(command).redirectErrorStream(true).start());
				await().atMost(Duration.ofSeconds(60))
					.failFast("the forked application exited", () -> !server.process.isAlive())
					.until(() -> server.port != 0);
				return server;
			}
			catch (IOException ex) {
				throw new IllegalStateException("Could not start " + command, ex);
			}
		}

		private void readOutput() {
			try (BufferedReader reader = new BufferedReader(
					new InputStreamReader(this.process.getInputStream(), StandardCharsets.UTF_8))) {
				String line;
				while ((line = reader.readLine()) != null) {
					this.output.add(line);
					Matcher matcher = STARTED.matcher(line);
					if (matcher.find()) {
						this.port = Integer.parseInt(matcher.group(1));
					}
				}
			}
			catch (IOException ex) {
				// The process ended.
			}
		}

		int port() {
			return this.port;
		}

		List<String> output() {
			return this.output;
		}

		@Override
		public void close() throws InterruptedException {
			this.process.destroy();
			if (!this.process.waitFor(10, TimeUnit.SECONDS)) {
				this.process.destroyForcibly().waitFor();
			}
		}

	}

}
