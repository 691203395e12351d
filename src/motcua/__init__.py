"""motcua — hệ thống thông tin một cửa điện tử (electronic one-stop system)."""

__version__ = "0.1.0"
