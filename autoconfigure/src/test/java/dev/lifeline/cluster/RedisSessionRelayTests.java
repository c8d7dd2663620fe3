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

package dev.lifeline.cluster;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;

import dev.lifeline.server.CloseCause;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.data.redis.connection.DefaultMessage;
import org.springframework.data.redis.connection.RedisStandaloneConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.core.ReactiveRedisTemplate;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import org.springframework.data.redis.serializer.RedisSerializationContext;
import org.springframework.data.redis.serializer.RedisSerializer;
import org.springframework.web.socket.BinaryMessage;
import org.springframework.web.socket.CloseStatus;
import org.springframework.web.socket.TextMessage;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for what {@link RedisSessionRelay} does without Redis: it delivers every kind of
 * message another node publishes into the local sessions, ignores its own and what it
 * cannot read, and hands nothing on before it starts. Publishing across nodes is tested
 * by {@link ClusterTests} and {@link ClusterUsersAndGroupsTests} with a real Redis.
 */
class RedisSessionRelayTests {

	private static final Duration TIMEOUT = Duration.ofMillis(200);

	private static final byte[] CHANNEL = "relay-test:broadcast".getBytes(StandardCharsets.UTF_8);

	private final TestLocalSessions sessions = new TestLocalSessions();

	private RedisSessionRelay relay;

	@BeforeEach
	void createRelay() {
		// Never connected: nothing here reaches Redis.
		LettuceConnectionFactory connectionFactory = new LettuceConnectionFactory(
				new RedisStandaloneConfiguration("127.0.0.1", 1));
		ClusterExecutors executors = new ClusterExecutors("relay-test-");
		RedisStatus status = new RedisStatus("node-a", TIMEOUT);
		RedisKeys keys = new RedisKeys("relay-test:");
		RedisSessionDirectory directory = new RedisSessionDirectory(new ReactiveStringRedisTemplate(connectionFactory),
				keys, "node-a", Duration.ofSeconds(3), TIMEOUT, executors, status, Clock.systemUTC());
		ReactiveRedisTemplate<String, byte[]> bytes = new ReactiveRedisTemplate<>(connectionFactory,
				RedisSerializationContext.<String, byte[]>newSerializationContext(RedisSerializer.string())
					.value(RedisSerializer.byteArray())
					.build());
		this.relay = new RedisSessionRelay(bytes, keys, "node-a", TIMEOUT, directory, executors, status);
		this.relay.attach(this.sessions);
	}

	@Test
	void everyKindFromAnotherNodeIsDeliveredIntoTheLocalSessions() {
		receive(new ClusterMessage.Broadcast("node-b", new TextMessage("all")));
		receive(new ClusterMessage.SendToSession("node-b", "s1", new BinaryMessage(new byte[] { 1 })));
		receive(new ClusterMessage.CloseSession("node-b", "s1", new CloseStatus(4001), CloseCause.OPERATOR));
		receive(new ClusterMessage.SendToUser("node-b", "alice", new TextMessage("hi")));
		receive(new ClusterMessage.SendToGroup("node-b", "room", new TextMessage("hey"), "s2"));
		receive(new ClusterMessage.SendToGroup("node-b", "room", new TextMessage("all of you"), null));
		receive(new ClusterMessage.CloseUser("node-b", "alice", new CloseStatus(4003), CloseCause.POLICY_VIOLATION));
		receive(new ClusterMessage.Join("node-b", "s1", "room"));
		receive(new ClusterMessage.Leave("node-b", "s1", "room"));
		assertThat(this.sessions.deliveries()).containsExactly("broadcast all", "send s1 binary",
				"close s1 4001 OPERATOR", "user alice hi", "group room hey except s2",
				"group room all of you except null", "closeUser alice 4003 POLICY_VIOLATION", "join s1 room",
				"leave s1 room");
		assertThat(this.relay.getReceived()).isEqualTo(9);
	}

	@Test
	void itsOwnMessagesAreIgnoredSinceTheyWereDeliveredLocally() {
		receive(new ClusterMessage.Broadcast("node-a", new TextMessage("mine")));
		assertThat(this.sessions.deliveries()).isEmpty();
		assertThat(this.relay.getReceived()).isZero();
	}

	@Test
	void aMessageItCannotReadIsIgnored() {
		this.relay.onMessage(new DefaultMessage(CHANNEL, new byte[] { 9, 9, 9 }), null);
		receive(new ClusterMessage.Broadcast("node-b", new TextMessage("next")));
		assertThat(this.sessions.deliveries()).containsExactly("broadcast next");
	}

	@Test
	void aJoinPastTheGroupLimitIsRefusedAndDeliveryGoesOn() {
		this.sessions.fillGroups();
		receive(new ClusterMessage.Join("node-b", "s1", "one-too-many"));
		receive(new ClusterMessage.Leave("node-b", "s1", "room"));
		assertThat(this.sessions.deliveries()).containsExactly("leave s1 room");
	}

	@Test
	void nothingIsHandedOnBeforeItStarts() {
		assertThat(this.relay.send("s1", new TextMessage("x"))).isCompletedWithValue(false);
		assertThat(this.relay.close("s1", CloseStatus.NORMAL, CloseCause.OPERATOR)).isCompletedWithValue(false);
		assertThat(this.relay.join("s1", "room")).isCompletedWithValue(false);
		assertThat(this.relay.leave("s1", "room")).isCompletedWithValue(false);
		this.relay.broadcast(new TextMessage("x"));
		this.relay.sendToUser("alice", new TextMessage("x"));
		this.relay.sendToGroup("room", new TextMessage("x"), null);
		this.relay.closeUser("alice", CloseStatus.NORMAL, CloseCause.OPERATOR);
		assertThat(this.relay.getPublished()).isZero();
		assertThat(this.relay.getPublishFailures()).isZero();
	}

	private void receive(ClusterMessage message) {
		this.relay.onMessage(new DefaultMessage(CHANNEL, ClusterMessageCodec.encode(message)), null);
	}

}
