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
import java.util.HashMap;
import java.util.Map;

import dev.lifeline.server.OverflowStrategy;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import org.springframework.boot.context.properties.bind.BindException;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;
import org.springframework.util.unit.DataSize;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatNoException;

/**
 * Tests for binding and checking {@link LifelineProperties}.
 */
class LifelinePropertiesTests {

	@Test
	void defaults() {
		LifelineProperties properties = bind(Map.of());
		assertThat(properties.isEnabled()).isTrue();
		assertThat(properties.getPath()).isEqualTo("/ws");
		assertThat(properties.getAllowedOrigins()).isEmpty();
		assertThat(properties.getAllowedOriginPatterns()).isEmpty();
		assertThat(properties.getMaxSessions()).isEqualTo(10000);
		assertThat(properties.getMaxGroupsPerSession()).isEqualTo(100);
		assertThat(properties.getMaxTextMessageSize()).isEqualTo(DataSize.ofKilobytes(64));
		assertThat(properties.getMaxBinaryMessageSize()).isEqualTo(DataSize.ofKilobytes(64));
		assertThat(properties.getSendTimeLimit()).isEqualTo(Duration.ofSeconds(10));
		assertThat(properties.getSendBufferSizeLimit()).isEqualTo(DataSize.ofKilobytes(512));
		assertThat(properties.getOverflowStrategy()).isEqualTo(OverflowStrategy.TERMINATE);
		assertThat(properties.getShutdownTimeout()).isEqualTo(Duration.ofSeconds(10));
		assertThat(properties.getCleanupInterval()).isEqualTo(Duration.ofSeconds(1));
		assertThat(properties.isPerMessageDeflate()).isFalse();
		assertThat(properties.getHeartbeat().isEnabled()).isTrue();
		assertThat(properties.getHeartbeat().getInterval()).isEqualTo(Duration.ofSeconds(25));
		assertThat(properties.getHeartbeat().getTimeout()).isEqualTo(Duration.ofSeconds(20));
		LifelineProperties.Container container = properties.getContainer();
		assertThat(container.isLeanBuffers()).isFalse();
		assertThat(container.getTextBufferSize()).isEqualTo(DataSize.ofKilobytes(1));
		assertThat(container.getBinaryBufferSize()).isEqualTo(DataSize.ofKilobytes(1));
		assertThat(container.getIoBufferSize()).isEqualTo(DataSize.ofKilobytes(2));
		assertThat(container.getSocketReadBufferSize()).isEqualTo(DataSize.ofKilobytes(2));
		assertThat(container.getSocketWriteBufferSize()).isEqualTo(DataSize.ofKilobytes(2));
		assertThat(properties.getObservations().isMessages()).isFalse();
		assertThatNoException().isThrownBy(properties::validate);
	}

	@Test
	void bindsEveryProperty() {
		Map<String, String> values = new HashMap<>();
		values.put("lifeline.enabled", "false");
		values.put("lifeline.path", "/chat");
		values.put("lifeline.allowed-origins", "https://a.example.com,https://b.example.com");
		values.put("lifeline.allowed-origin-patterns", "https://*.example.com");
		values.put("lifeline.max-sessions", "42");
		values.put("lifeline.max-groups-per-session", "7");
		values.put("lifeline.max-text-message-size", "1MB");
		values.put("lifeline.max-binary-message-size", "2MB");
		values.put("lifeline.send-time-limit", "3s");
		values.put("lifeline.send-buffer-size-limit", "128KB");
		values.put("lifeline.overflow-strategy", "drop");
		values.put("lifeline.shutdown-timeout", "500ms");
		values.put("lifeline.cleanup-interval", "2s");
		values.put("lifeline.per-message-deflate", "true");
		values.put("lifeline.heartbeat.enabled", "false");
		values.put("lifeline.heartbeat.interval", "10s");
		values.put("lifeline.heartbeat.timeout", "5s");
		values.put("lifeline.container.lean-buffers", "true");
		values.put("lifeline.container.text-buffer-size", "4KB");
		values.put("lifeline.container.binary-buffer-size", "3KB");
		values.put("lifeline.container.io-buffer-size", "8KB");
		values.put("lifeline.container.socket-read-buffer-size", "16KB");
		values.put("lifeline.container.socket-write-buffer-size", "1KB");
		values.put("lifeline.observations.messages", "true");
		LifelineProperties properties = bind(values);
		assertThat(properties.isEnabled()).isFalse();
		assertThat(properties.getPath()).isEqualTo("/chat");
		assertThat(properties.getAllowedOrigins()).containsExactly("https://a.example.com", "https://b.example.com");
		assertThat(properties.getAllowedOriginPatterns()).containsExactly("https://*.example.com");
		assertThat(properties.getMaxSessions()).isEqualTo(42);
		assertThat(properties.getMaxGroupsPerSession()).isEqualTo(7);
		assertThat(properties.getMaxTextMessageSize()).isEqualTo(DataSize.ofMegabytes(1));
		assertThat(properties.getMaxBinaryMessageSize()).isEqualTo(DataSize.ofMegabytes(2));
		assertThat(properties.getSendTimeLimit()).isEqualTo(Duration.ofSeconds(3));
		assertThat(properties.getSendBufferSizeLimit()).isEqualTo(DataSize.ofKilobytes(128));
		assertThat(properties.getOverflowStrategy()).isEqualTo(OverflowStrategy.DROP);
		assertThat(properties.getShutdownTimeout()).isEqualTo(Duration.ofMillis(500));
		assertThat(properties.getCleanupInterval()).isEqualTo(Duration.ofSeconds(2));
		assertThat(properties.isPerMessageDeflate()).isTrue();
		assertThat(properties.getHeartbeat().isEnabled()).isFalse();
		assertThat(properties.getHeartbeat().getInterval()).isEqualTo(Duration.ofSeconds(10));
		assertThat(properties.getHeartbeat().getTimeout()).isEqualTo(Duration.ofSeconds(5));
		LifelineProperties.Container container = properties.getContainer();
		assertThat(container.isLeanBuffers()).isTrue();
		assertThat(container.getTextBufferSize()).isEqualTo(DataSize.ofKilobytes(4));
		assertThat(container.getBinaryBufferSize()).isEqualTo(DataSize.ofKilobytes(3));
		assertThat(container.getIoBufferSize()).isEqualTo(DataSize.ofKilobytes(8));
		assertThat(container.getSocketReadBufferSize()).isEqualTo(DataSize.ofKilobytes(16));
		assertThat(container.getSocketWriteBufferSize()).isEqualTo(DataSize.ofKilobytes(1));
		assertThat(properties.getObservations().isMessages()).isTrue();
		assertThatNoException().isThrownBy(properties::validate);
	}

	@Test
	void bareNumbersAreMillisecondsAndBytes() {
		LifelineProperties properties = bind(
				Map.of("lifeline.send-time-limit", "1500", "lifeline.max-text-message-size", "2048"));
		assertThat(properties.getSendTimeLimit()).isEqualTo(Duration.ofMillis(1500));
		assertThat(properties.getMaxTextMessageSize()).isEqualTo(DataSize.ofBytes(2048));
	}

	@ParameterizedTest(name = "{0}={1}")
	@CsvSource({ "lifeline.enabled, maybe", "lifeline.max-sessions, many", "lifeline.max-text-message-size, big",
			"lifeline.max-binary-message-size, 12XB", "lifeline.send-time-limit, soon",
			"lifeline.send-buffer-size-limit, -", "lifeline.overflow-strategy, explode",
			"lifeline.shutdown-timeout, 10 parsecs", "lifeline.cleanup-interval, often",
			"lifeline.per-message-deflate, yes please", "lifeline.heartbeat.enabled, sometimes",
			"lifeline.heartbeat.interval, 25 beats", "lifeline.heartbeat.timeout, never",
			"lifeline.container.lean-buffers, slim", "lifeline.container.text-buffer-size, 1 page",
			"lifeline.container.binary-buffer-size, KB", "lifeline.container.io-buffer-size, 2 KiB",
			"lifeline.container.socket-read-buffer-size, large", "lifeline.container.socket-write-buffer-size, 2K",
			"lifeline.observations.messages, all" })
	void valuesOfTheWrongTypeFailToBind(String name, String value) {
		assertThatExceptionOfType(BindException.class).isThrownBy(() -> bind(Map.of(name, value)))
			.satisfies((ex) -> assertThat(ex.getProperty().getName().toString()).isEqualTo(name));
	}

	@ParameterizedTest(name = "{0}={1}")
	@CsvSource({ "lifeline.path, ws, must start with '/'", "lifeline.path, /ws/*, no wildcards",
			"lifeline.path, /ws?x=1, no wildcards or query", "lifeline.max-sessions, 0, greater than zero",
			"lifeline.max-sessions, -1, greater than zero", "lifeline.max-groups-per-session, 0, greater than zero",
			"lifeline.max-text-message-size, 0, greater than zero",
			"lifeline.max-text-message-size, 2GB, less than 2GB",
			"lifeline.max-binary-message-size, 0B, greater than zero",
			"lifeline.max-binary-message-size, 3GB, less than 2GB",
			"lifeline.send-buffer-size-limit, 0, greater than zero",
			"lifeline.send-buffer-size-limit, 4GB, less than 2GB", "lifeline.send-time-limit, 0s, greater than zero",
			"lifeline.send-time-limit, -1s, greater than zero", "lifeline.shutdown-timeout, 0ms, greater than zero",
			"lifeline.cleanup-interval, 0, greater than zero",
			"lifeline.container.text-buffer-size, 0, greater than zero",
			"lifeline.container.text-buffer-size, 2GB, less than 2GB",
			"lifeline.container.binary-buffer-size, 0, greater than zero",
			"lifeline.container.binary-buffer-size, 2GB, less than 2GB",
			"lifeline.container.io-buffer-size, 255B, at least 256B",
			"lifeline.container.io-buffer-size, 2GB, less than 2GB",
			"lifeline.container.socket-read-buffer-size, 511B, at least 512B",
			"lifeline.container.socket-read-buffer-size, 2GB, less than 2GB",
			"lifeline.container.socket-write-buffer-size, 0, at least 512B",
			"lifeline.container.socket-write-buffer-size, 2GB, less than 2GB",
			"lifeline.heartbeat.interval, 0s, greater than zero", "lifeline.heartbeat.timeout, -5s, greater than zero",
			"lifeline.resume.window, 0s, greater than zero", "lifeline.resume.buffer-size, 0B, greater than zero",
			"lifeline.resume.max-buffered, 1KB, at least lifeline.resume.buffer-size",
			"lifeline.resume.hello-timeout, -1s, greater than zero",
			"lifeline.resume.ack-messages, 0, greater than zero", "lifeline.resume.ack-interval, 0s, greater than zero",
			"lifeline.resume.ping-timeout, 0s, greater than zero" })
	void valuesOutOfRangeAreRejectedNamingTheProperty(String name, String value, String message) {
		LifelineProperties properties = bind(Map.of(name, value));
		assertThatExceptionOfType(InvalidConfigurationPropertyValueException.class).isThrownBy(properties::validate)
			.satisfies((ex) -> assertThat(ex.getName()).isEqualTo(name))
			.withMessageContaining(message);
	}

	@Test
	void resumeDefaultsAreThoseOfTheProtocol() {
		LifelineProperties.Resume resume = bind(Map.of()).getResume();
		assertThat(resume.isEnabled()).isTrue();
		assertThat(resume.getWindow()).isEqualTo(Duration.ofMinutes(2));
		assertThat(resume.getBufferSize()).isEqualTo(DataSize.ofKilobytes(256));
		assertThat(resume.getMaxBuffered()).isEqualTo(DataSize.ofMegabytes(64));
		assertThat(resume.getHelloTimeout()).isEqualTo(Duration.ofSeconds(10));
		assertThat(resume.getAckMessages()).isEqualTo(32);
		assertThat(resume.getAckBytes()).isEqualTo(DataSize.ofKilobytes(16));
		assertThat(resume.getAckInterval()).isEqualTo(Duration.ofSeconds(1));
	}

	@Test
	void heartbeatDurationsAreNotCheckedWhenTheHeartbeatIsOff() {
		LifelineProperties properties = bind(Map.of("lifeline.heartbeat.enabled", "false",
				"lifeline.heartbeat.interval", "0s", "lifeline.heartbeat.timeout", "0s"));
		assertThatNoException().isThrownBy(properties::validate);
	}

	private static LifelineProperties bind(Map<String, String> values) {
		Binder binder = new Binder(new MapConfigurationPropertySource(values));
		return binder.bind("lifeline", Bindable.ofInstance(new LifelineProperties()))
			.orElseGet(LifelineProperties::new);
	}

}
