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

package dev.lifeline.stomp;

import dev.lifeline.actuate.ActuatorClient;
import dev.lifeline.server.CloseCause;
import dev.lifeline.server.LifelineSession;
import dev.lifeline.server.WebSocketSessions;
import dev.lifeline.test.RawWebSocketClient;
import dev.lifeline.test.RawWebSocketClient.Frame;
import dev.lifeline.test.SessionEventRecorder;
import dev.lifeline.test.StompTestApplication;
import dev.lifeline.test.StompTestApplication.DisconnectEvents;
import dev.lifeline.test.StompTestApplication.Greeting;
import dev.lifeline.test.StompTestApplication.HelloMessage;
import dev.lifeline.test.UserFromQueryFilter;
import java.io.IOException;
import java.lang.reflect.Type;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.messaging.converter.JacksonJsonMessageConverter;
import org.springframework.messaging.simp.stomp.StompFrameHandler;
import org.springframework.messaging.simp.stomp.StompHeaders;
import org.springframework.messaging.simp.stomp.StompSession;
import org.springframework.messaging.simp.stomp.StompSessionHandlerAdapter;
import org.springframework.scheduling.concurrent.ThreadPoolTaskScheduler;
import org.springframework.web.socket.client.standard.StandardWebSocketClient;
import org.springframework.web.socket.messaging.WebSocketStompClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Spring's STOMP getting-started application with Lifeline on its classpath and nothing
 * else changed, with real STOMP clients: Spring's {@link WebSocketStompClient} and a raw
 * one that can stop answering pings.
 */
@StompTest(properties = { "lifeline.heartbeat.interval=200ms", "lifeline.heartbeat.timeout=500ms",
		"lifeline.rate-limit.messages-per-second=50" })
class StompEndpointTests {

	private static final Duration INTERVAL = Duration.ofMillis(200);

	private static final Duration TIMEOUT = Duration.ofMillis(500);

	@LocalServerPort
	int port;

	@Autowired
	WebSocketSessions sessions;

	@Autowired
	DisconnectEvents disconnects;

	@Autowired
	SessionEventRecorder events;

	@Autowired
	ActuatorClient actuator;

	@AfterEach
	void registryEmpties() {
		await().atMost(Duration.ofSeconds(5)).until(() -> this.sessions.count() == 0);
	}

	@Test
	void stompClientIsGreetedGetsHeartBeatsAnswersPingsAndIsListed() throws Exception {
		ThreadPoolTaskScheduler scheduler = new ThreadPoolTaskScheduler();
		scheduler.initialize();
		WebSocketStompClient client = new WebSocketStompClient(new StandardWebSocketClient());
		client.setMessageConverter(new JacksonJsonMessageConverter());
		client.setTaskScheduler(scheduler);
		BlockingQueue<StompHeaders> connected = new LinkedBlockingQueue<>();
		StompSession stomp = client
			.connectAsync("ws://127.0.0.1:" + this.port + StompTestApplication.ENDPOINT + "?user=ada",
					new StompSessionHandlerAdapter() {

						@Override
						public void afterConnected(StompSession session, StompHeaders connectedHeaders) {
							connected.add(connectedHeaders);
						}

					})
			.get(5, TimeUnit.SECONDS);
		try {
			StompHeaders connectedHeaders = connected.poll(5, TimeUnit.SECONDS);
			assertThat(connectedHeaders).isNotNull();
			assertThat(connectedHeaders.getHeartbeat()).containsExactly(10000, 10000);
			BlockingQueue<Greeting> greetings = new LinkedBlockingQueue<>();
			stomp.subscribe("/topic/greetings", new StompFrameHandler() {

				@Override
				public Type getPayloadType(StompHeaders headers) {
					return Greeting.class;
				}

				@Override
				public void handleFrame(StompHeaders headers, Object payload) {
					greetings.add((Greeting) payload);
				}

			});
			// The subscription and the message take different threads to the broker.
			await().atMost(Duration.ofSeconds(5)).until(() -> {
				stomp.send("/app/hello", new HelloMessage("Ada"));
				Greeting greeting = greetings.poll(200, TimeUnit.MILLISECONDS);
				return greeting != null && greeting.content().equals("Hello, Ada!");
			});
			assertThat(this.sessions.count()).isEqualTo(1);
			LifelineSession session = this.sessions.stream().findFirst().orElseThrow();
			assertThat(session.getEndpoint()).isEqualTo(StompTestApplication.ENDPOINT);
			await().atMost(INTERVAL.multipliedBy(10)).until(() -> session.getLastPongAt() != null);
			ActuatorClient.Response response = this.actuator.get("/actuator/websocket");
			assertThat(response.status()).isEqualTo(200);
			assertThat(response.<String>read("$.sessions[0].id")).isEqualTo(session.getId());
			assertThat(response.<String>read("$.sessions[0].endpoint")).isEqualTo(StompTestApplication.ENDPOINT);
			assertThat(response.<String>read("$.sessions[0].principal")).isEqualTo("ada");
			assertThat(response.<String>read("$.sessions[0].details.protocol")).isEqualTo("STOMP");
			assertThat(response.<String>read("$.sessions[0].details.user")).isEqualTo("ada");
			assertThat(response.<Integer>read("$.sessions[0].details.subscriptions")).isEqualTo(1);
			assertThat(response.<Integer>read("$.endpoints['" + StompTestApplication.ENDPOINT + "'].active"))
				.isEqualTo(1);
			assertThat(metric("websocket.sessions.active?tag=endpoint:" + StompTestApplication.ENDPOINT)).isEqualTo(1);
			assertThat(metric("websocket.handshake?tag=websocket.endpoint:" + StompTestApplication.ENDPOINT
					+ "&tag=outcome:SUCCESS"))
				.isGreaterThanOrEqualTo(1);
			assertThat(metric("websocket.stomp.sessions")).isEqualTo(1);
			assertThat(metric("websocket.stomp.subscriptions")).isEqualTo(1);
			assertThat(metric("websocket.stomp.frames?tag=command:CONNECTED")).isGreaterThanOrEqualTo(1);
			assertThat(metric("websocket.stomp.channel.completed?tag=channel:inbound")).isPositive();
			assertThat(metric("websocket.stomp.channel.completed?tag=channel:outbound")).isPositive();
			stomp.disconnect();
			await().atMost(Duration.ofSeconds(5)).until(() -> this.disconnects.of(session.getId()).size() == 1);
		}
		finally {
			scheduler.shutdown();
		}
	}

	@Test
	void frozenPeerIsClosedWithinIntervalPlusTimeoutAndDisconnectedOnce() throws Exception {
		try (RawWebSocketClient frozen = RawWebSocketClient.connect(this.port, StompTestApplication.ENDPOINT)) {
			connect(frozen);
			frozen.sendText("SUBSCRIBE\nid:sub-0\ndestination:/topic/greetings\n\n\0");
			await().atMost(Duration.ofSeconds(5)).until(() -> this.sessions.count() == 1);
			String id = this.sessions.stream().findFirst().orElseThrow().getId();
			Frame ping;
			do {
				ping = frozen.readFrame(Duration.ofSeconds(2));
			}
			while (ping.opcode() != RawWebSocketClient.OP_PING);
			frozen.sendFrame(true, RawWebSocketClient.OP_PONG, ping.payload());
			long lastPong = System.nanoTime();
			await().atMost(INTERVAL.plus(TIMEOUT).plusSeconds(1)).until(() -> this.disconnects.of(id).size() == 1);
			Duration detectedAfter = Duration.ofNanos(System.nanoTime() - lastPong);
			assertThat(detectedAfter).isLessThanOrEqualTo(INTERVAL.plus(TIMEOUT).plusSeconds(1));
			assertThat(this.events.closedEvent(id).getCause()).isEqualTo(CloseCause.HEARTBEAT_TIMEOUT);
			await().during(Duration.ofSeconds(1))
				.atMost(Duration.ofSeconds(2))
				.until(() -> this.disconnects.of(id).size() == 1);
			assertThat(this.sessions.find(id)).isEmpty();
		}
	}

	@Test
	void permessageDeflateOfferIsDeclined() throws Exception {
		try (RawWebSocketClient client = RawWebSocketClient.connectTcp(this.port)) {
			assertThat(client.handshake(StompTestApplication.ENDPOINT,
					Map.of("Sec-WebSocket-Extensions", "permessage-deflate; client_max_window_bits")))
				.isEqualTo(101);
			assertThat(client.responseHeader("Sec-WebSocket-Extensions")).isNull();
			connect(client);
		}
	}

	@Test
	void floodingClientIsClosedWith1008() throws Exception {
		try (RawWebSocketClient flooder = RawWebSocketClient.connect(this.port, StompTestApplication.ENDPOINT)) {
			connect(flooder);
			await().atMost(Duration.ofSeconds(5)).until(() -> this.sessions.count() == 1);
			String id = this.sessions.stream().findFirst().orElseThrow().getId();
			boolean droppedWhileFlooding = false;
			try {
				for (int i = 0; i < 500; i++) {
					flooder
						.sendText("SEND\ndestination:/app/hello\ncontent-type:application/json\n\n{\"name\":\"x\"}\0");
				}
			}
			catch (IOException ex) {
				// Closed while sending: the client, still writing, may be reset before it
				// reads the close frame; the close cause below says why it closed.
				droppedWhileFlooding = true;
			}
			assertThat(flooder.awaitClose(Duration.ofSeconds(5)))
				.isIn(droppedWhileFlooding ? List.of(1008, 1006) : List.of(1008));
			await().atMost(Duration.ofSeconds(5)).until(() -> this.disconnects.of(id).size() == 1);
			assertThat(this.events.closedEvent(id).getCause()).isEqualTo(CloseCause.RATE_LIMITED);
		}
	}

	private double metric(String nameAndTags) {
		ActuatorClient.Response response = this.actuator.get("/actuator/metrics/" + nameAndTags);
		assertThat(response.status()).as(nameAndTags).isEqualTo(200);
		return response.<Number>read("$.measurements[0].value").doubleValue();
	}

	/**
	 * Send a STOMP {@code CONNECT} without heart-beats and read the {@code CONNECTED}.
	 */
	static void connect(RawWebSocketClient client) throws IOException {
		client.sendText("CONNECT\naccept-version:1.2\nhost:127.0.0.1\nheart-beat:0,0\n\n\0");
		Frame connected = client.readMessage(Duration.ofSeconds(5));
		assertThat(new String(connected.payload(), StandardCharsets.UTF_8)).startsWith("CONNECTED");
	}

}
