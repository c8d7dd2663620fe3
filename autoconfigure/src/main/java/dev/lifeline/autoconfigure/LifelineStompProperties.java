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

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;

/**
 * Configuration properties for the STOMP endpoints of an application's message broker
 * ({@code @EnableWebSocketMessageBroker}), whose sessions Lifeline manages like those of
 * its own endpoints, with the settings of {@code lifeline.*}.
 *
 * @author Lifeline contributors
 */
@ConfigurationProperties("lifeline.stomp")
public class LifelineStompProperties {

	/**
	 * Whether the WebSocket sessions of the application's STOMP endpoints are Lifeline
	 * sessions.
	 */
	private boolean enabled = true;

	private final Heartbeat heartbeat = new Heartbeat();

	public boolean isEnabled() {
		return this.enabled;
	}

	public void setEnabled(boolean enabled) {
		this.enabled = enabled;
	}

	public Heartbeat getHeartbeat() {
		return this.heartbeat;
	}

	/**
	 * STOMP heart-beats of a simple broker that has no heart-beat scheduler of the
	 * application's.
	 */
	public static class Heartbeat {

		/**
		 * How often the simple broker sends a heart-beat to a client that accepts them,
		 * when it has nothing else to send; zero for never.
		 */
		private Duration outgoing = Duration.ofSeconds(10);

		/**
		 * How often the simple broker expects a heart-beat from a client that offers
		 * them; zero for never.
		 */
		private Duration incoming = Duration.ofSeconds(10);

		public Duration getOutgoing() {
			return this.outgoing;
		}

		public void setOutgoing(Duration outgoing) {
			this.outgoing = outgoing;
		}

		public Duration getIncoming() {
			return this.incoming;
		}

		public void setIncoming(Duration incoming) {
			this.incoming = incoming;
		}

		void validate() {
			check("outgoing", this.outgoing);
			check("incoming", this.incoming);
		}

		private static void check(String name, Duration value) {
			if (value.isNegative()) {
				throw new InvalidConfigurationPropertyValueException("lifeline.stomp.heartbeat." + name, value,
						"The value must be zero or positive, for example '10s'.");
			}
		}

	}

}
