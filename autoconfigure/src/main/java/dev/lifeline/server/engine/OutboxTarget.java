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

import dev.lifeline.server.adapter.Connection;

import org.jspecify.annotations.Nullable;

/**
 * The connection a {@link SessionOutbox} writes to, and the turn to write to it: at most
 * one thread at a time pumps the outbox's messages to the connection, and a pump that
 * started on an earlier connection stops instead of writing to the next one. Not
 * thread-safe: the outbox guards it with its own monitor.
 *
 * @author Lifeline contributors
 */
final class OutboxTarget {

	/**
	 * The connection written to, or {@code null} while the session is detached.
	 */
	private @Nullable Connection connection;

	/**
	 * Incremented each time the connection is replaced or detached.
	 */
	private long generation;

	private boolean pumping;

	OutboxTarget(Connection connection) {
		this.connection = connection;
	}

	/**
	 * Return the connection written to.
	 * @return the connection, or {@code null} while the session is detached
	 */
	@Nullable Connection connection() {
		return this.connection;
	}

	/**
	 * Return the generation of the connection, for a pump to tell whether the connection
	 * is still the one it started on.
	 */
	long generation() {
		return this.generation;
	}

	/**
	 * Whether a connection other than the one of a generation, or none, was set since.
	 * @param generation the generation a pump started on
	 */
	boolean isReplacedSince(long generation) {
		return this.generation != generation;
	}

	/**
	 * Write to another connection from now on, or to none: a pump that started on the
	 * previous one stops, and nobody pumps until the turn is claimed again.
	 * @param connection the connection, or {@code null} when the session is detached
	 */
	void replace(@Nullable Connection connection) {
		this.connection = connection;
		this.generation++;
		this.pumping = false;
	}

	/**
	 * Take the turn to pump, if nobody has it and there is a connection to write to.
	 * @return {@code true} if the caller must now pump
	 */
	boolean claim() {
		if (this.pumping || this.connection == null) {
			return false;
		}
		this.pumping = true;
		return true;
	}

	/**
	 * Give the turn up: the pump stops, and the next offer or completion may claim it.
	 */
	void release() {
		this.pumping = false;
	}

	/**
	 * Whether a thread has the turn to pump.
	 */
	boolean isPumping() {
		return this.pumping;
	}

}
