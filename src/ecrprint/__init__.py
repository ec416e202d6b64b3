"""ecrprint: print-ready congress programmes, door signs and sponsor boards from YAML."""

__version__ = "0.1.0"
