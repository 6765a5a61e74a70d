"""Pydantic models of every request and response body.

They are the contract's schemas: the sandbox validates requests with them and builds
responses with them, and `metal_sandbox.contract` turns them into the OpenAPI document,
so the document and the server cannot disagree about a shape.
"""
