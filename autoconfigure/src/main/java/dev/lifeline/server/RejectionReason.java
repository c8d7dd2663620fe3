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

package dev.lifeline.server;

/**
 * Why a WebSocket handshake was refused before the upgrade.
 *
 * @author Lifeline contributors
 */
public enum RejectionReason {

	/**
	 * The {@code Origin} header is not allowed (HTTP 403).
	 */
	ORIGIN,

	/**
	 * The maximum number of sessions is reached (HTTP 503).
	 */
	CAPACITY,

	/**
	 * The application is shutting down (HTTP 503).
	 */
	SHUTDOWN,

	/**
	 * The request is not a valid WebSocket handshake (HTTP 400, 405 or 426).
	 */
	INVALID_HANDSHAKE,

	/**
	 * The principal already holds the most sessions one user may have (HTTP 429).
	 */
	USER_LIMIT,

	/**
	 * The remote address already holds the most sessions one address may have (HTTP 429).
	 */
	ADDRESS_LIMIT

}
