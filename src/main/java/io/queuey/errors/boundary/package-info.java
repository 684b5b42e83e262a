/** Where every failure becomes the one JSON error shape of API.md: the exception mappers. */
package io.queuey.errors.boundary;
