"""Bind the complaint, help, information-feedback and special-incident features."""

from pytest_bdd import scenarios

scenarios("投诉处理.feature", "住户求助.feature", "信息反馈.feature",
          "特别事件.feature")
