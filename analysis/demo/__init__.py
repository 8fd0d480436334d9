"""The synthetic demo go-live (Trondheim, May 2022): units, phrase bank and the generator."""

from analysis.demo.generator import DemoSummary, build_demo, generate_demo

__all__ = ["DemoSummary", "build_demo", "generate_demo"]
